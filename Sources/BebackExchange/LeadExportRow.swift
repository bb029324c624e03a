import BebackDomain
import Foundation

/// One lead as the exports show it: who, how to reach them, its state and next follow-up.
/// The CSV columns use header names the importer maps back, so an export can be imported again; the
/// compact cells (History, Notes, Agreement, ...) give an import the whole lead back (`ExportedHistory`).
public struct LeadExportRow: Equatable, Sendable {
    public static let csvHeader = [
        "Lead ID", "Name", "Company", "Mobile", "Phone", "Other Phones", "Email", "Owner", "Lead Source", "Stage",
        "Time Zone", "Best Time", "Preferred Channel", "Sales Cycle Days", "Interest", "Wants", "Holding Back",
        "Touches", "Last Touch", "Last Outcome", "Captured", "Next Follow-up", "Next Kind", "Next Channel", "Next Purpose",
        "Nothing Planned", "Agreement", "History", "Notes", "Objections", "Decision Process", "Feedback", "Delivered",
        "Blocked Channels"
    ]

    public let lead: LeadState

    public init(_ lead: LeadState) { self.lead = lead }

    /// The first mobile number, the first other number, and the rest.
    public var phoneColumns: (mobile: String, phone: String, others: [String]) {
        var phones = lead.profile.contact.phones
        let mobile = phones.firstIndex { $0.label == "mobile" }.map { phones.remove(at: $0).number } ?? ""
        let phone = phones.isEmpty ? "" : phones.removeFirst().number
        return (mobile, phone, phones.map(\.number))
    }

    /// The cells of the CSV row, as stored (not yet neutralised for spreadsheets).
    public var csvCells: [String] {
        let profile = lead.profile
        let phones = phoneColumns
        let next = lead.next
        let history = ExportedHistory(lead)
        return [
            lead.id.rawValue, profile.name, profile.company, phones.mobile, phones.phone, phones.others.joined(separator: "; "),
            profile.contact.email ?? "", profile.owner.rawValue, profile.source.rawValue, lead.stage.rawValue,
            profile.contact.timeZoneID, profile.contact.bestTime.rawValue, profile.contact.preferredChannel.rawValue,
            String(profile.salesCycleDays), profile.interest, lead.wants, lead.holdingBack,
            String(lead.touchCount), lead.lastTouch.map { Self.timestamp($0.at) } ?? "", lead.lastTouch?.touch.outcome.rawValue ?? "",
            Self.timestamp(lead.capturedAt), next.map { Self.timestamp($0.due) } ?? "", next?.kind.rawValue ?? "",
            next?.channel.rawValue ?? "", next?.purpose ?? "",
            history.unscheduledReason ?? "", history.agreementCell, history.historyCell, history.notesCell, history.objectionsCell,
            history.decisionCell, history.feedbackCell, lead.deliveredAt.map { Self.timestamp($0) } ?? "",
            Self.blockedChannelsCell(lead.blockedChannels)
        ]
    }

    /// The channels a lead asked not to be reached on, as the Blocked Channels cell holds them:
    /// `phone; text; email` (in that order; empty when none).
    public static func blockedChannelsCell(_ channels: Set<Channel>) -> String {
        ChannelBlock.blockable.filter(channels.contains).map(\.rawValue).joined(separator: "; ")
    }

    /// `2026-11-24T10:42:00Z`: UTC, which the importer (and every spreadsheet) reads back.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Leads in export order: oldest capture first, then by id.
    public static func ordered(_ leads: some Sequence<LeadState>) -> [LeadState] {
        leads.sorted { ($0.capturedAt, $0.id) < ($1.capturedAt, $1.id) }
    }
}
