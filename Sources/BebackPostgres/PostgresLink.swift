#if Postgres
    import Foundation
    import PostgresNIO

    /// Raised from the event loop when a NOTIFY for the desk arrives; taken by the desk's thread.
    final class WakeFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var raised = true
        /// Whether a notification came from another session (not this connection's own appends).
        private var news = true
        /// This connection's server process (its own appends' notifications come back from it).
        private var ownBackend: Int32?

        /// A notification came, or the connection was made (everything may be new).
        func raise(from backend: Int32? = nil) {
            lock.withLock {
                raised = true
                if backend == nil || backend != ownBackend { news = true }
            }
        }

        /// The server process of the connection this flag hears through.
        func setOwnBackend(_ backend: Int32?) { lock.withLock { ownBackend = backend } }

        /// Whether another session's notification came since the last `take` (leaves the flag as it is).
        var hasNews: Bool { lock.withLock { news } }

        /// Whether a notification came since the last call (and lowers the flag).
        func take() -> Bool {
            lock.withLock {
                defer {
                    raised = false
                    news = false
                }
                return raised
            }
        }
    }

    /// One connection to the server, used synchronously by one thread (the desk's): each call waits on
    /// a future that the driver's event loop completes, never from the event loop itself. A call that gets
    /// no answer in time closes the connection, so a hung network fails like a lost one. The connection
    /// LISTENs on the desk's channel; a NOTIFY raises `wake`.
    final class PostgresLink {
        let address: PostgresDeskAddress
        let wake = WakeFlag()
        private var connection: PostgresConnection?
        private var logger: Logger
        private var nextID = 1
        /// How long one statement may take before the connection is given up.
        var statementTimeout: TimeAmount = .seconds(10)
        /// Whether the connection LISTENs on the desk's channel (a second connection for reads does not).
        private let listening: Bool
        /// Whether a transaction is open: a connection lost inside one is not replaced by a new one,
        /// where the rest of the transaction's statements would each commit on their own.
        private var transactionOpen = false

        init(address: PostgresDeskAddress, listening: Bool = true) {
            self.address = address
            self.listening = listening
            var logger = Logger(label: "beback.postgres")
            logger.logLevel = .critical
            self.logger = logger
        }

        deinit { close() }

        var isConnected: Bool { connection.map { !$0.isClosed } ?? false }

        /// Opens the connection when there is none (or it was lost).
        @discardableResult
        func connect() throws(PostgresStoreError) -> PostgresConnection {
            if let connection, !connection.isClosed { return connection }
            connection = nil
            guard !transactionOpen else {
                throw .unreachable(address: address.description, detail: "the connection was lost during a transaction, which was not saved")
            }
            var configuration = PostgresConnection.Configuration(
                host: address.host, port: address.port, username: address.user, password: address.password,
                database: address.database, tls: .disable)
            if address.tls == .require {
                do {
                    configuration.tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                } catch {
                    throw .unreachable(address: address.description, detail: "TLS cannot be set up: \(error)")
                }
            }
            configuration.options.connectTimeout = .seconds(Int64(address.connectTimeoutSeconds))
            // Set as the session starts (no round trip): a lock another session holds is waited for this long.
            configuration.options.additionalStartupParameters = [("lock_timeout", "\(address.lockTimeoutSeconds)s")]
            let id = nextID
            nextID += 1
            let made: PostgresConnection
            do {
                made = try PostgresConnection.connect(
                    on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                    id: id, logger: logger
                ).wait()
            } catch {
                throw .unreachable(address: address.description, detail: Self.describe(error))
            }
            if listening {
                let wake = self.wake
                made.addListener(channel: PostgresSchema.channel(desk: address.desk)) { _, notification in
                    wake.raise(from: notification.backendPID)
                }
                let timeout = made.eventLoop.scheduleTask(in: statementTimeout) {
                    let closing: EventLoopFuture<Void> = made.close(); _ = closing
                }
                let backend = try? made.query("SELECT pg_backend_pid()", logger: logger).wait().first?.decode(Int32.self)
                timeout.cancel()
                wake.setOwnBackend(backend)
                wake.raise()
            }
            connection = made
            return made
        }

        /// Runs one statement and collects its rows.
        @discardableResult
        func run(_ query: PostgresQuery) throws(PostgresStoreError) -> PostgresQueryResult {
            let connection = try connect()
            let timeout = connection.eventLoop.scheduleTask(in: statementTimeout) {
                let closing: EventLoopFuture<Void> = connection.close(); _ = closing
            }
            defer { timeout.cancel() }
            do {
                return try connection.query(query, logger: logger).wait()
            } catch {
                throw classify(error, on: connection)
            }
        }

        /// Runs `body` inside BEGIN ... COMMIT; returns only after the COMMIT is acknowledged. On any
        /// error the transaction is rolled back (when the connection still stands) and the error rethrown;
        /// a connection lost during COMMIT is reported as `commitUnknown`.
        func transaction<T>(readOnly: Bool = false, _ body: () throws(PostgresStoreError) -> T) throws(PostgresStoreError) -> T {
            try run(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
            transactionOpen = true
            defer { transactionOpen = false }
            let value: T
            do {
                value = try body()
            } catch {
                if isConnected { _ = try? run("ROLLBACK") }
                throw error
            }
            do {
                try run("COMMIT")
            } catch {
                if case .unreachable(let address, let detail) = error { throw .commitUnknown(address: address, detail: detail) }
                if isConnected { _ = try? run("ROLLBACK") }
                throw error
            }
            return value
        }

        /// Runs `body` inside BEGIN ... ROLLBACK: nothing it writes is kept, whatever it throws (which
        /// is let go). A connection lost inside is not replaced until the transaction is over.
        func rolledBack(_ body: () throws(PostgresStoreError) -> Void) {
            do { try run("BEGIN") } catch { return }
            transactionOpen = true
            defer { transactionOpen = false }
            try? body()
            if isConnected { _ = try? run("ROLLBACK") }
        }

        /// Streams `data` (COPY's binary format, `CopyBinaryWriter`) into `table` (a name, unquoted) with
        /// `COPY ... FROM STDIN`, inside the current transaction; with `freeze`, the rows are written frozen
        /// (the table must have been created in this transaction). Sent in pieces of a megabyte, so that
        /// the server stores the first rows while the last are on their way.
        func copy(into table: String, columns: [String], data: ByteBuffer, freeze: Bool = false) throws(PostgresStoreError) {
            try finishCopy(startCopy(into: table, columns: columns, chunks: CopySlices(data: data), freeze: freeze))
        }

        /// Starts `COPY ... FROM STDIN` into `table` on the COPY thread, with the rows `chunks` gives (made
        /// there, one at a time, while the server stores the ones before): the caller goes on with work
        /// of its own and must call `finishCopy` before its next statement on this connection.
        func startCopy(into table: String, columns: [String], chunks: some Sequence<ByteBuffer> & Sendable, freeze: Bool = false) throws(PostgresStoreError)
            -> CopyInFlight
        {
            let connection = try connect()
            let logger = self.logger
            let flight = CopyInFlight(connection: connection)
            // The driver writes `COPY "<table>" FROM STDIN WITH (FORMAT text)` and has no other format: the
            // statement is completed here, up to a comment that takes the driver's own ending.
            precondition(!table.contains("\"") && !table.contains("\n") && columns.allSatisfy { !$0.contains("\"") })
            let options = freeze ? "FORMAT binary, FREEZE" : "FORMAT binary"
            let statement = table + "\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ") FROM STDIN WITH (\(options)) --"
            Task(executorPreference: CopyExecutor.shared) {
                do {
                    try await connection.copyFrom(table: statement, columns: [], logger: logger) { writer in
                        for chunk in chunks { try await writer.write(chunk) }
                    }
                } catch {
                    flight.outcome.set(error)
                }
                flight.done.signal()
            }
            return flight
        }

        /// Waits for a COPY `startCopy` began, and throws what it ended with.
        func finishCopy(_ flight: CopyInFlight) throws(PostgresStoreError) {
            flight.done.wait()
            if let error = flight.outcome.error { throw classify(error, on: flight.connection) }
        }

        /// A COPY under way on the COPY thread (`startCopy`).
        final class CopyInFlight: Sendable {
            let connection: PostgresConnection
            let outcome = CopyOutcome()
            let done = DispatchSemaphore(value: 0)

            init(connection: PostgresConnection) { self.connection = connection }
        }

        /// A buffer in slices of at most a megabyte: COPY data messages the server takes one at a time.
        struct CopySlices: Sequence, IteratorProtocol, Sendable {
            var data: ByteBuffer
            static let slice = 1 << 20

            mutating func next() -> ByteBuffer? {
                guard data.readableBytes > 0 else { return nil }
                return data.readSlice(length: Swift.min(Self.slice, data.readableBytes))
            }
        }

        /// Runs COPY tasks on a thread of their own, not the shared pool: the caller blocks until the
        /// COPY is done while its transaction holds the entries table's lock, and a caller that is itself
        /// on the pool (a test among others running at once) must not wait for a pool thread that waits
        /// on that lock.
        final class CopyExecutor: TaskExecutor, @unchecked Sendable {
            static let shared = CopyExecutor()
            private let condition = NSCondition()
            private var jobs: [UnownedJob] = []

            private init() {
                let thread = Thread { [self] in run() }
                thread.name = "beback-copy"
                thread.start()
            }

            func enqueue(_ job: consuming ExecutorJob) {
                let job = UnownedJob(job)
                condition.lock()
                jobs.append(job)
                condition.signal()
                condition.unlock()
            }

            private func run() {
                while true {
                    condition.lock()
                    while jobs.isEmpty { condition.wait() }
                    let job = jobs.removeFirst()
                    condition.unlock()
                    job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
        }

        /// The error a COPY ended with, handed from its task to the waiting thread.
        final class CopyOutcome: @unchecked Sendable {
            private let lock = NSLock()
            private var stored: (any Error)?
            func set(_ error: any Error) { lock.withLock { stored = error } }
            var error: (any Error)? { lock.withLock { stored } }
        }

        func close() {
            guard let connection else { return }
            self.connection = nil
            _ = try? connection.close().wait()
        }

        private func classify(_ error: any Error, on connection: PostgresConnection) -> PostgresStoreError {
            let sqlState = (error as? PSQLError)?.serverInfo?[.sqlState]
            // Class 08 (connection) and 57 (operator intervention: shutdown) mean the server went away.
            let serverGone = sqlState.map { $0.hasPrefix("08") || $0.hasPrefix("57") } ?? false
            if connection.isClosed || serverGone || (error as? PSQLError)?.code != .server {
                self.connection = nil
                let closing: EventLoopFuture<Void> = connection.close()
                _ = closing
                return .unreachable(address: address.description, detail: Self.describe(error))
            }
            let message = (error as? PSQLError)?.serverInfo?[.message] ?? "\(error)"
            return .refused(address: address.description, detail: message, sqlState: sqlState ?? "?")
        }

        /// A short reason for a failed connection or statement ("connection refused", the server's message).
        static func describe(_ error: any Error) -> String {
            if let error = error as? PSQLError, let message = error.serverInfo?[.message] { return message }
            let text: String
            if let error = error as? PSQLError {
                text = error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
            } else {
                text = "\(error)"
            }
            let known = [
                ("Connection refused", "connection refused"), ("timed out", "no answer in time"), ("imeout", "no answer in time"),
                ("serverClosedConnection", "no answer, or the connection was closed"), ("uncleanShutdown", "the connection was cut"),
                ("clientClosedConnection", "no answer in time"), ("Name or service not known", "unknown host"),
                ("No address associated", "unknown host"), ("No route to host", "no route to host"),
                ("Network is unreachable", "network unreachable"), ("Connection reset", "connection reset")
            ]
            for (needle, reason) in known where text.contains(needle) { return reason }
            return text
        }
    }
#endif
