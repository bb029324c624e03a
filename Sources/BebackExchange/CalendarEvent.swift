import Foundation

/// One VEVENT of an exported calendar.
public struct CalendarEvent: Equatable, Sendable {
    public enum Status: String, Sendable {
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    /// Stable across exports, so that a calendar updates the event instead of adding another.
    public var uid: String
    /// Grows with every change, so that a calendar takes the newer export.
    public var sequence: Int
    public var start: Date
    public var end: Date
    public var summary: String
    public var description: String
    public var status: Status
    public var lastModified: Date
    public var categories: [String]

    public init(
        uid: String, sequence: Int, start: Date, end: Date, summary: String, description: String,
        status: Status = .confirmed, lastModified: Date, categories: [String] = []
    ) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.status = status
        self.lastModified = lastModified
        self.categories = categories
    }
}
