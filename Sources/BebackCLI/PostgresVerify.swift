import BebackDomain
import BebackStore
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// `beback verify --store postgres://...`: checks every record of a PostgreSQL desk the way `verify`
/// checks files (sequence, checksum, hash chain, offsets, that each entry decodes, duplicates) and
/// prints the same summary. Returns whether the desk passed.
enum PostgresVerify {
    static func run(_ url: String, timeZone: TimeZone) throws -> Bool {
        #if Postgres
            let store = try PostgresEventStore(address: PostgresDeskAddress(url))
            defer { store.close() }
            let loaded = try store.load()
            let journals = try store.rawJournals()
            for journal in journals {
                print("\(journal.journal.fileName): \(journal.records.count) records, \(journal.fileBytes.count) bytes")
            }
            var seen: Set<EventID> = []
            let duplicates = loaded.events.map(\.event.id).filter { !seen.insert($0).inserted }
            let state = loaded.state
            let reps = Set(loaded.events.map(\.event.actor)).union(state.reps).sorted()
            let time = HumanTime(timeZone: timeZone)
            let span = [loaded.events.first?.event.at, loaded.events.last?.event.at].compactMap { $0 }.map(time.iso)
            print(
                "\(loaded.events.count) records · \(state.leads.count) leads · \(reps.count) reps (\(reps.map(\.rawValue).joined(separator: ", ")))"
                    + (span.count == 2 ? " · first \(span[0]) · last \(span[1])" : ""))
            for problem in loaded.problems { FileHandle.standardError.write(Data("beback: \(problem)\n".utf8)) }
            for duplicate in duplicates { FileHandle.standardError.write(Data("beback: entry \(duplicate) appears more than once\n".utf8)) }
            let passed = loaded.problems.isEmpty && duplicates.isEmpty
            print(passed ? "verify: ok" : "verify: FAILED (\(loaded.problems.count + duplicates.count) problem(s))")
            return passed
        #else
            _ = (url, timeZone)
            throw CLIError(DeskStoreFactory.notBuilt)
        #endif
    }
}
