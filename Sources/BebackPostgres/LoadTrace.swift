#if Postgres
    import Foundation

    /// With BEBACK_LOAD_TRACE set, each step of a partition load on standard error: its wall time and,
    /// when the server runs on this machine, the CPU time its backend spent on it (from /proc).
    struct LoadTrace {
        private let tracing = ProcessInfo.processInfo.environment["BEBACK_LOAD_TRACE"] != nil
        private var last = DispatchTime.now().uptimeNanoseconds
        private var backend: Int32?
        private var lastCPU: Double = 0

        init(link: PostgresLink) {
            guard tracing else { return }
            backend = try? link.run("SELECT pg_backend_pid()").first?.decode(Int32.self)
            lastCPU = backendCPU() ?? 0
        }

        /// The backend's user and system time so far, when /proc shows it.
        private func backendCPU() -> Double? {
            guard let backend, let stat = try? String(contentsOfFile: "/proc/\(backend)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        mutating func done(_ step: String) {
            guard tracing else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            var line = "load: \(step) " + String(format: "%.0f ms", Double(now - last) / 1e6)
            if let cpu = backendCPU() {
                line += String(format: " (server backend CPU %.2f s)", cpu - lastCPU)
                lastCPU = cpu
            }
            FileHandle.standardError.write(Data((line + "\n").utf8))
            last = now
        }
    }
#endif
