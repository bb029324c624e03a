import BebackDomain
import Foundation

/// A rep's follow-ups as calendar events: one event per lead for its next callback or appointment,
/// at its due time. The UID comes from the lead id, so when the follow-up moves (a retry, an agreed
/// callback, an appointment) a re-export moves the same event; when the lead's plan ends, the event
/// is exported as cancelled. SEQUENCE grows with the lead's history.
public enum FollowUpCalendar {
    /// How long a call or an appointment is shown for.
    public static let callMinutes = 15
    public static let appointmentMinutes = 60

    /// The UID of a lead's follow-up event.
    public static func uid(_ lead: LeadID) -> String { "beback-\(lead.rawValue)-follow-up@beback" }

    public static func events(for leads: [LeadState]) -> [CalendarEvent] {
        LeadExportRow.ordered(leads).compactMap(event)
    }

    static func event(_ lead: LeadState) -> CalendarEvent? {
        let revokes = lead.events.filter { if case .revoked = $0.payload { return true } else { return false } }.count
        let sequence = lead.events.count + revokes
        let modified = lead.events.last?.at ?? lead.capturedAt
        let name = lead.profile.company.isEmpty ? lead.profile.name : "\(lead.profile.name) (\(lead.profile.company))"
        guard let next = lead.next else {
            guard let last = lastScheduled(lead) else { return nil }
            return CalendarEvent(
                uid: uid(lead.id), sequence: sequence, start: last.due, end: last.due.addingTimeInterval(duration(last)),
                summary: "\(verb(last)) \(name)", description: "no follow-up planned any more: \(lead.unscheduledReason ?? "closed")",
                status: .cancelled, lastModified: modified, categories: ["Beback"])
        }
        var details = [next.purpose, "\(next.kind.rawValue), \(next.channel.label)"]
        for phone in lead.profile.contact.phones { details.append("\(phone.label): \(phone.number)") }
        if let email = lead.profile.contact.email, !email.isEmpty { details.append("email: \(email)") }
        details.append("lead \(lead.id) (beback show \(lead.id))")
        return CalendarEvent(
            uid: uid(lead.id), sequence: sequence, start: next.due, end: next.due.addingTimeInterval(duration(next)),
            summary: "\(verb(next)) \(name)", description: details.joined(separator: "\n"),
            lastModified: modified, categories: ["Beback", next.kind == .appointment ? "Appointment" : "Callback"])
    }

    private static func lastScheduled(_ lead: LeadState) -> FollowUp? {
        for event in lead.events.reversed() {
            if case .scheduled(let followUp) = event.payload { return followUp }
        }
        return nil
    }

    private static func duration(_ followUp: FollowUp) -> TimeInterval {
        Double((followUp.kind == .appointment ? appointmentMinutes : callMinutes) * 60)
    }

    private static func verb(_ followUp: FollowUp) -> String {
        if followUp.kind == .appointment { return "Appointment:" }
        switch followUp.channel {
        case .phone: return "Call"
        case .email: return "Email"
        case .text: return "Text"
        case .mail: return "Write to"
        case .social: return "Message"
        case .inPerson: return "Meet"
        }
    }
}
