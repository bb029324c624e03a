import BebackDomain
import Foundation

/// Helpers the test targets share: fixed instants in named zones, sample leads, temporary folders.
public enum Fixtures {
    /// Writes a new executable script (a stub softphone, a notifier). Opened close-on-exec: a
    /// descriptor this threaded process held open for writing would be inherited by a child another
    /// test forks meanwhile (a tmux server lives on), and running the script would fail with "Text file busy".
    public static func writeExecutable(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// An instant from a local time in a zone, e.g. `at("2026-11-23 10:00", "Europe/London")`.
    public static func at(_ text: String, _ zone: String = "UTC") -> Date {
        let parts = text.split(separator: " ")
        let day = parts[0].split(separator: "-").map { Int($0)! }
        let time = parts.count > 1 ? parts[1].split(separator: ":").map { Int($0)! } : [0, 0]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        return calendar.date(from: DateComponents(year: day[0], month: day[1], day: day[2], hour: time[0], minute: time[1]))!
    }

    /// A local time string of an instant in a zone: "2026-11-24 10:00 Tue".
    public static func local(_ date: Date, _ zone: String = "UTC") -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        return String(format: "%04d-%02d-%02d %02d:%02d ", c.year!, c.month!, c.day!, c.hour!, c.minute!) + weekdays[c.weekday! - 1]
    }

    /// A reachable walk-in lead owned by `owner`.
    public static func profile(
        name: String = "Priya Raman", owner: RepName = "ann", zone: String = "Europe/London",
        source: LeadSource = .walkIn, email: String? = "priya@example.com", phones: [String] = ["+44 20 7946 0003"],
        bestTime: BestTime = .anytime, cycleDays: Int = 30
    ) -> LeadProfile {
        LeadProfile(
            name: name, company: "Raman Interiors",
            contact: ContactPoints(phones: phones.map { PhoneNumber($0) }, email: email, bestTime: bestTime, timeZoneID: zone),
            source: source, owner: owner, interest: "oak kitchen", salesCycleDays: cycleDays)
    }

    /// A fresh empty temporary folder.
    public static func temporaryFolder(_ label: String = "beback") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Records a desk's life in memory the way the run loop does: lead actions make events, events fold into state.
public struct DeskHarness {
    public var state = DeskState()
    public var events: [Event] = []
    public var ids = SeededIDGenerator(seed: 42)
    public let actions: LeadActions

    public init(rep: RepName = "ann", policy: CadencePolicy = .standard) {
        actions = LeadActions(engine: CadenceEngine(policy: policy), rep: rep)
    }

    public mutating func apply(_ new: [Event]) {
        for event in new { state.apply(event) }
        events.append(contentsOf: new)
    }

    /// Captures a lead and returns its id.
    public mutating func capture(_ profile: LeadProfile, at: Date, wants: String = "oak kitchen") throws -> LeadID {
        let new = try actions.capture(profile, wants: wants, holdingBack: "price", state: state, at: at, ids: &ids)
        apply(new)
        return new[0].lead
    }

    /// Records an outcome and returns the plan.
    @discardableResult
    public mutating func record(_ request: OutcomeRequest, at: Date) throws -> CadencePlan {
        let (new, plan) = try actions.record(request, state: state, at: at, ids: &ids)
        apply(new)
        return plan
    }

    public func lead(_ id: LeadID) -> LeadState { state.leads[id]! }
}
