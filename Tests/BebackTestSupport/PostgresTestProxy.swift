import Foundation

/// A TCP forwarder (`Tests/Postgres/tcp-proxy.py`) between one test's stores and the shared test
/// server: `cut()` takes the database away from those stores only (connections drop, new ones are
/// refused), `restore()` brings it back on the same port. Other tests keep their server.
public final class PostgresTestProxy {
    public let port: Int
    private let targetPort: Int
    private var process: Process?

    public init() throws {
        guard let url = PostgresTestServer.url, let components = URLComponents(string: url), let target = components.port else {
            throw PostgresTestServerError("BEBACK_TEST_POSTGRES is unset")
        }
        targetPort = target
        port = try Self.freePort()
        try restore()
    }

    deinit { cut() }

    /// A desk URL through the proxy.
    public func url(desk: String) -> String {
        var components = URLComponents(string: PostgresTestServer.url ?? "")!
        components.port = port
        components.queryItems = [URLQueryItem(name: "desk", value: desk)]
        return components.string!
    }

    /// Stops forwarding: every connection through the proxy drops, new ones are refused.
    public func cut() {
        guard let process else { return }
        self.process = nil
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts forwarding again on the same port; returns when it listens.
    public func restore() throws {
        guard process == nil else { return }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Postgres/tcp-proxy.py").path
        let started = Process()
        started.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        started.arguments = ["python3", script, String(port), String(targetPort)]
        let out = Pipe()
        started.standardOutput = out
        try started.run()
        let line = out.fileHandleForReading.availableData
        guard String(decoding: line, as: UTF8.self).contains("listening") else {
            throw PostgresTestServerError("the TCP proxy did not start on port \(port)")
        }
        process = started
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PostgresTestServerError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
