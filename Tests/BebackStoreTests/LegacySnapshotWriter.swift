import BebackCodec
import BebackDomain
@testable import BebackStore
import Foundation

/// The snapshot writer of format 5 (before per-rep sections), kept as it was so tests can check
/// that a desk still opens a snapshot an older build wrote: one checksum of the whole body, the
/// head with one directory of every lead (with its owner), then every lead's record.
enum LegacySnapshotWriter {
    static func encoded(_ snapshot: DeskSnapshot) throws -> [UInt8] {
        let parts = snapshot.parts
        var out = SnapshotByteWriter()
        out.count(snapshot.marks.count)
        for mark in snapshot.marks {
            out.string(mark.journal.fileName)
            out.u64(mark.salt)
            out.int(mark.headerLength)
            out.int(mark.validEnd)
            out.u64(mark.lastSequence)
            out.int(mark.lastRecordOffset)
            out.u64(mark.chainHash)
            out.int(mark.recordCount)
        }
        out.bool(snapshot.lastKey != nil)
        if let lastKey = snapshot.lastKey {
            out.date(lastKey.at)
            out.string(lastKey.journal.fileName)
            out.u64(lastKey.sequence)
        }
        out.int(parts.eventCount)
        out.int(parts.unknownEventCount)
        out.bool(parts.lastEventAt != nil)
        if let last = parts.lastEventAt { out.date(last) }
        out.count(parts.orphanEvents.count)
        for id in parts.orphanEvents { out.string(id.rawValue) }
        out.count(parts.revokedEvents.count)
        for id in parts.revokedEvents { out.string(id.rawValue) }
        var records: [UInt8] = []
        out.count(parts.leadSummaries.count)
        for (summary, events) in zip(parts.leadSummaries, parts.leadEvents) {
            var record = SnapshotByteWriter()
            record.count(events.count)
            for event in events { try SnapshotEventCoding.write(event, to: &record) }
            let bytes = try record.finished()
            out.string(summary.id.rawValue)
            out.string(summary.owner.rawValue)
            let due = summary.isOpen ? summary.next?.due : nil
            out.bool(due != nil)
            if let due { out.date(due) }
            out.string(summary.name)
            out.string(summary.company)
            out.count(summary.touchCount)
            out.bool(summary.isOpen)
            out.bool(summary.next != nil)
            if let next = summary.next {
                out.date(next.due)
                out.enumCase(next.kind)
                out.enumCase(next.channel)
                out.string(next.purpose)
            }
            out.count(records.count)
            out.count(bytes.count)
            records += bytes
        }
        let directory = try out.finished()
        var body: [UInt8] = []
        withUnsafeBytes(of: UInt64(8 + directory.count).littleEndian) { body.append(contentsOf: $0) }
        body += directory + records
        let sum = body.withUnsafeBytes { SnapshotChecksum.of($0) }
        let line =
            "\(DeskSnapshot.magic) \(SnapshotLayout.legacyFormat) \(snapshot.appVersion) "
            + "\(JournalFormat.hex(SnapshotEventCoding.schemaFingerprint, digits: 16)) \(body.count) \(JournalFormat.hex(sum, digits: 16))\n"
        return Array(line.utf8) + body
    }
}
