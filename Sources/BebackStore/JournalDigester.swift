import BebackCodec
import BebackDomain
import Foundation

/// Digests one journal's records as the scan finds them, for the indexed open: each entry becomes
/// a 24-byte `DigestedRecord`, its lead and names numbered through the journal's own tables. An
/// entry laid out as beback writes it is read by the quick path and its lead found by its bytes
/// (`ByteKeyTable`), so no string is made for a lead the journal has shown before; any other entry
/// goes through the strict reader.
struct JournalDigester {
    let journal: JournalName
    let path: String
    var result: DigestedJournal
    /// The journal holds more leads than a record can number: it is replayed whole instead.
    private(set) var tooLarge = false
    private(set) var lastRecordOffset: Int?

    /// Leads by the bytes they were written with.
    private var leadsByBytes = ByteKeyTable(capacity: 4096)
    /// Leads by their text, for entries the strict reader read. Two spellings Swift holds equal
    /// share a number here; the fold's own table makes them one lead across journals.
    private var leadsByText: [LeadID: UInt32] = [:]
    /// Owners, reps and undone ids by their bytes, as indices into `result.strings`.
    private var strings = ByteKeyTable(capacity: 64)

    /// `fileSize`: the journal's size, to make room for all its records at once (entries are rarely
    /// under 150 bytes): a list that grows step by step is copied at each step, into memory the
    /// system must first clear.
    /// Whether every record's offset is noted (`DigestedJournal.recordOffsets`).
    private let notingOffsets: Bool

    init(journal: JournalName, path: String, result: DigestedJournal, fileSize: Int, notingOffsets: Bool = false) {
        self.journal = journal
        self.path = path
        self.result = result
        self.notingOffsets = notingOffsets
        if notingOffsets { self.result.recordOffsets.reserveCapacity(fileSize / 150 + 16) }
        for share in self.result.records.indices {
            self.result.records[share].reserveCapacity(fileSize / 150 / IndexedFold.shares + 16)
        }
    }

    mutating func add(_ record: ScannedRecord, payload: UnsafeRawBufferPointer) {
        guard !tooLarge else { return }
        lastRecordOffset = record.offset
        if notingOffsets { result.recordOffsets.append(UInt32(truncatingIfNeeded: record.offset)) }
        if let raw = EventDigest.quickFields(payload) {
            addQuick(raw, payload: payload, offset: record.offset)
            return
        }
        do {
            add(try EventDigest.read(payload), offset: record.offset)
        } catch {
            result.problems.append(
                LoadProblem(
                    journal: journal, path: path,
                    problem: JournalProblem(
                        kind: .corruptRecord, offset: record.offset, detail: "unreadable entry: \(FileEventStore.describe(error))")))
        }
    }

    private mutating func addQuick(_ raw: RawEventDigest, payload: UnsafeRawBufferPointer, offset: Int) {
        let leadBytes = UnsafeRawBufferPointer(rebasing: payload[raw.lead])
        let hash = ByteKeyTable.hash(leadBytes)
        let lead: UInt32
        if let known = leadsByBytes.value(for: leadBytes, hash: hash) {
            lead = known
        } else {
            guard let found = number(LeadID(String(decoding: leadBytes, as: UTF8.self)), byText: false) else { return }
            lead = found
            leadsByBytes.insert(leadBytes, hash: hash, value: lead)
        }
        func name(_ range: Range<Int>) -> UInt64 { intern(UnsafeRawBufferPointer(rebasing: payload[range])) }
        let kind: DigestedRecord.Kind, value: UInt64
        switch raw.effect {
        case .captured(let owner): (kind, value) = (.captured, name(owner))
        case .profile(let owner): (kind, value) = (.profile, name(owner))
        case .touched(let outcome): (kind, value) = (.touched, UInt64(DigestedRecord.outcomeIndex(outcome)))
        case .scheduled(let due): (kind, value) = (.scheduled, due.bitPattern)
        case .unscheduled: (kind, value) = (.unscheduled, 0)
        case .reassigned(let rep): (kind, value) = (.reassigned, name(rep))
        case .reclaimed: (kind, value) = (.reclaimed, 0)
        case .reopened: (kind, value) = (.reopened, 0)
        case .revoked(let target):
            (kind, value) = (.revoked, name(target))
            result.undos.append((raw.replayTime, offset, EventID(String(decoding: UnsafeRawBufferPointer(rebasing: payload[target]), as: UTF8.self))))
        case .other: (kind, value) = (.other, 0)
        case .unknown: (kind, value) = (.unknown, 0)
        }
        let tag = DigestFold.tag(bytes: UnsafeRawBufferPointer(rebasing: payload[raw.id]))
        append(DigestedRecord(at: raw.replayTime, value: value, offset: offset, lead: Int(lead), tag: tag, kind: kind), lead: lead, time: raw.at)
    }

    /// An entry the strict reader read.
    private mutating func add(_ digest: EventDigest, offset: Int) {
        guard let lead = number(digest.lead) else { return }
        func name(_ text: String) -> UInt64 {
            var text = text
            return text.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
        }
        let kind: DigestedRecord.Kind, value: UInt64
        switch digest.effect {
        case .captured(let owner): (kind, value) = (.captured, name(owner.rawValue))
        case .profile(let owner): (kind, value) = (.profile, name(owner.rawValue))
        case .touched(let outcome): (kind, value) = (.touched, UInt64(DigestedRecord.outcomeIndex(outcome)))
        case .scheduled(let due): (kind, value) = (.scheduled, due.timeIntervalSince1970.bitPattern)
        case .unscheduled: (kind, value) = (.unscheduled, 0)
        case .reassigned(let rep): (kind, value) = (.reassigned, name(rep.rawValue))
        case .reclaimed: (kind, value) = (.reclaimed, 0)
        case .reopened: (kind, value) = (.reopened, 0)
        case .revoked(let target):
            (kind, value) = (.revoked, name(target.rawValue))
            result.undos.append((digest.replayTime, offset, target))
        case .other: (kind, value) = (.other, 0)
        case .unknown: (kind, value) = (.unknown, 0)
        }
        append(
            DigestedRecord(
                at: digest.replayTime, value: value, offset: offset, lead: Int(lead),
                tag: DigestFold.tag(digest.id), kind: kind), lead: lead, time: digest.at.timeIntervalSince1970)
    }

    @inline(__always)
    private mutating func append(_ record: DigestedRecord, lead: UInt32, time: Double) {
        if result.latestTime.map({ time > $0 }) ?? true { result.latestTime = time }
        result.leadEntryCounts[Int(lead)] += 1
        result.records[Int(result.leadShares[Int(lead)])].append(record)
    }

    /// The journal's number for `lead`, numbering it when new (nil, and `tooLarge`, past the limit).
    /// `byText` false: the lead was not found by its bytes and is new to the quick path; it is not
    /// looked for by its text (a second number for a lead the strict reader met first is harmless:
    /// the fold's table of leads makes the two one).
    private mutating func number(_ lead: LeadID, byText: Bool = true) -> UInt32? {
        if byText, let known = leadsByText[lead] { return known }
        guard result.leads.count + 1 < DigestedRecord.leadLimit else {
            tooLarge = true
            return nil
        }
        let number = UInt32(result.leads.count)
        result.leads.append(lead)
        result.leadEntryCounts.append(0)
        result.leadShares.append(UInt8(IndexedFold.share(of: lead)))
        if byText { leadsByText[lead] = number }
        return number
    }

    /// The index in the journal's string table of the text these bytes spell.
    private mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let hash = ByteKeyTable.hash(bytes)
        if let known = strings.value(for: bytes, hash: hash) { return UInt64(known) }
        let index = UInt32(result.strings.count)
        result.strings.append(String(decoding: bytes, as: UTF8.self))
        strings.insert(bytes, hash: hash, value: index)
        return UInt64(index)
    }
}
