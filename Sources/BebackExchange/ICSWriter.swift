import Foundation

/// Writes an iCalendar file (RFC 5545): a VCALENDAR of VEVENTs with UTC times, escaped TEXT,
/// folded lines and CR LF line ends.
public struct ICSWriter: Sendable {
    public var productID = "-//Beback//Beback lead desk//EN"
    public var calendarName: String

    public init(calendarName: String) {
        self.calendarName = calendarName
    }

    /// The calendar; `stamp` is the DTSTAMP of every event (the time of the export).
    public func write(_ events: [CalendarEvent], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:\(productID)",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:\(ICSText.escape(calendarName))"
        ]
        for event in events {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(event.uid)",
                "DTSTAMP:\(ICSText.utc(stamp))",
                "SEQUENCE:\(event.sequence)",
                "DTSTART:\(ICSText.utc(event.start))",
                "DTEND:\(ICSText.utc(event.end))",
                "SUMMARY:\(ICSText.escape(event.summary))",
                "DESCRIPTION:\(ICSText.escape(event.description))",
                "STATUS:\(event.status.rawValue)",
                "LAST-MODIFIED:\(ICSText.utc(event.lastModified))",
                "TRANSP:OPAQUE"
            ]
            if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(ICSText.escape).joined(separator: ",")) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICSText.fold).joined()
    }
}
