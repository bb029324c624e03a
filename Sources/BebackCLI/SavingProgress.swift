import BebackStore
import Foundation

#if Postgres
    import BebackPostgres
#endif

/// A bar on a terminal while a large import's entries go to PostgreSQL (a few seconds for 100,000
/// leads), drawn from the thread that sends them. Nothing for the files (the write takes under a
/// second) or when stderr is not a terminal (the import's own lines say what was saved).
final class SavingProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let bar: ProgressBar
    private let stopping: () -> Void

    private init(bar: ProgressBar, stopping: @escaping () -> Void) {
        self.bar = bar
        self.stopping = stopping
    }

    /// Starts showing the sending of `entries` entries through `store`, when it reports them.
    static func start(on store: any EventStore, entries: Int) -> SavingProgress? {
        #if Postgres
            guard let database = store as? PostgresEventStore, entries >= PostgresEventStore.rowsByCopyAtLeast else { return nil }
            let bar = ProgressBar(label: "import: saving", total: entries, unit: "entries", plainThreshold: .max)
            guard bar.isTerminal else { return nil }
            let progress = SavingProgress(bar: bar) { database.appendProgress = nil }
            database.appendProgress = { done in progress.update(done) }
            return progress
        #else
            return nil
        #endif
    }

    private func update(_ done: Int) { lock.withLock { bar.update(done) } }

    /// Stops listening and clears the bar's line.
    func stop() {
        stopping()
        lock.withLock { bar.finish() }
    }
}
