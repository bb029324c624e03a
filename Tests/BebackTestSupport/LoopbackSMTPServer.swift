import Foundation

/// A throwaway SMTP server on 127.0.0.1 (python's `aiosmtpd` from PyPI, installed by
/// `make test-deps`) that writes the one message it receives to a file. It stops when dropped.
public final class LoopbackSMTPServer {
    public let port: Int
    /// Where the received message lands (its recipients in `messagePath + ".rcpt"`).
    public let messagePath: String
    private let process: Process
    private let control: Pipe

    static let script = """
        import os, socket, sys
        from aiosmtpd.controller import Controller
        out = sys.argv[1]
        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with open(out + ".tmp", "wb") as f: f.write(envelope.content)
                with open(out + ".rcpt", "w") as f: f.write("\\n".join(envelope.rcpt_tos))
                os.rename(out + ".tmp", out)
                return "250 OK"
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        c = Controller(Handler(), hostname="127.0.0.1", port=port); c.start()
        print(port, flush=True)
        sys.stdin.read()
        c.stop()
        """

    /// Starts the server; throws why it could not (python3 or aiosmtpd missing).
    public init(messagePath: String) throws {
        self.messagePath = messagePath
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, messagePath]
        control = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = control
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            let why = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw SMTPServerError(description: "the loopback SMTP server did not start (run make test-deps for aiosmtpd): \(why)")
        }
        self.port = port
    }

    deinit {
        try? control.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Why the server could not start.
    public struct SMTPServerError: Error, CustomStringConvertible {
        public var description: String
    }
}
