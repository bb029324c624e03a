import BebackCodec
import BebackDomain
import Foundation

/// What a lead archive (`SnapshotArchive`, `JournalArchive`) keeps while a desk is open: the leads
/// decoded so far, each decoded once, and one line for each lead that could not be read back.
final class LeadArchiveBook: @unchecked Sendable {
    private let lock = NSLock()
    private var decoded: [Int: LeadState] = [:]
    private var failures: [String] = []

    /// The lead at `position` (`id`), decoded from `events` the first time and kept; nil, with the
    /// failure noted, when they cannot be read or do not start with the lead's capture.
    /// The lead is read and decoded outside the lock, so a lead read ahead on another thread never
    /// holds up the one a key needs; two threads reading the same lead at once keep the first.
    func lead(at position: Int, id: LeadID, events: () throws -> [Event]) -> LeadState? {
        if let lead = lock.withLock({ decoded[position] }) { return lead }
        do {
            guard let lead = LeadState(restoring: try events()), lead.id == id else {
                lock.withLock { failures.append("lead \(id): its history does not start with its capture") }
                return nil
            }
            return lock.withLock {
                if let first = decoded[position] { return first }
                decoded[position] = lead
                return lead
            }
        } catch {
            lock.withLock { failures.append("lead \(id): \(error)") }
            return nil
        }
    }

    /// The lead at `position`: the kept one when it was decoded before, else decoded from `events`
    /// now and not kept (nil, with the failure noted, as `lead` does).
    func transientLead(at position: Int, id: LeadID, events: () throws -> [Event]) -> LeadState? {
        if let lead = lock.withLock({ decoded[position] }) { return lead }
        do {
            guard let lead = LeadState(restoring: try events()), lead.id == id else {
                lock.withLock { failures.append("lead \(id): its history does not start with its capture") }
                return nil
            }
            return lead
        } catch {
            lock.withLock { failures.append("lead \(id): \(error)") }
            return nil
        }
    }

    /// What `read` gives, or nil with the failure noted against lead `id`.
    func recordingFailure<T>(of id: LeadID, _ read: () throws -> T) -> T? {
        do {
            return try read()
        } catch {
            lock.withLock { failures.append("lead \(id): \(error)") }
            return nil
        }
    }

    var decodedCount: Int { lock.withLock { decoded.count } }

    var problems: [String] { lock.withLock { failures } }
}
