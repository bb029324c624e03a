import Foundation

/// Parses an iCalendar file with a real parser, the `icalendar` package from PyPI (installed by
/// `make test-deps`), so the tests check our files against someone else's reading of RFC 5545.
public enum ICalendarCheck {
    /// One VEVENT as the parser read it.
    public struct Event: Decodable, Sendable {
        public var uid: String
        public var summary: String
        public var description: String
        public var start: String
        public var end: String
        public var status: String
        public var sequence: Int
        public var stamp: String
        public var errors: [String]
    }

    /// The whole calendar as the parser read it.
    public struct Calendar: Decodable, Sendable {
        public var name: String
        public var version: String
        public var events: [Event]
        public var errors: [String]
    }

    /// Why the check could not run: python3 or the icalendar package is missing, or the parser refused the file.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let script = #"""
        import json, sys
        try:
            import icalendar
        except ImportError:
            sys.stderr.write("the python package 'icalendar' is not installed: run 'make test-deps' (pip install icalendar)\n")
            sys.exit(3)
        with open(sys.argv[1], "rb") as f:
            data = f.read()
        cal = icalendar.Calendar.from_ical(data)
        events = []
        for ev in cal.walk("VEVENT"):
            events.append({
                "uid": str(ev.get("uid")),
                "summary": str(ev.get("summary")),
                "description": str(ev.get("description", "")),
                "start": ev.decoded("dtstart").isoformat(),
                "end": ev.decoded("dtend").isoformat(),
                "status": str(ev.get("status", "")),
                "sequence": int(ev.get("sequence", 0)),
                "stamp": ev.decoded("dtstamp").isoformat(),
                "errors": [str(e) for e in getattr(ev, "errors", [])],
            })
        print(json.dumps({"name": str(cal.get("x-wr-calname", "")), "version": str(cal.get("version", "")),
                          "events": events, "errors": [str(e) for e in getattr(cal, "errors", [])]}))
        """#

    /// Parses the file at `path`; throws a `Failure` naming what is missing when the parser cannot run.
    public static func parse(_ path: String) throws -> Calendar {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw Failure(description: "cannot run python3 (\(error)): the iCalendar check needs python3 with the icalendar package (make test-deps)")
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 {
                throw Failure(description: "python3 is not installed: the iCalendar check needs python3 with the icalendar package (make test-deps)")
            }
            throw Failure(description: "the icalendar parser refused \(path) (exit \(process.terminationStatus)): \(stderr)")
        }
        do {
            return try JSONDecoder().decode(Calendar.self, from: outData)
        } catch {
            throw Failure(description: "unreadable answer from the icalendar parser: \(String(decoding: outData, as: UTF8.self)) \(stderr)")
        }
    }
}
