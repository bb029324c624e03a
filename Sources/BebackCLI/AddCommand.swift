import ArgumentParser
import BebackDomain
import BebackStore
import BebackText
import Foundation

/// `beback add`: captures a new lead (a walkout at the counter) and plans its first follow-up.
struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Capture a new lead and schedule the first follow-up within 24 hours.")

    @OptionGroup var desk: DeskOptions

    @Option(help: "The person's name.") var name: String
    @Option(help: "A phone number (repeat for more; the first is the main one).") var phone: [String] = []
    @Option(help: "An email address.") var email: String?
    @Option(help: "Their company, if any.") var company: String = ""
    @Option(help: "Where the lead came from: \(LeadSource.allCases.map(\.rawValue).joined(separator: ", ")).") var source: LeadSource = .walkIn
    @Option(help: "What they are interested in.") var interest: String = ""
    @Option(help: "What they want, in their words.") var wants: String = ""
    @Option(name: .customLong("holding-back"), help: "Why they are holding back.") var holdingBack: String = ""
    @Option(help: "The lead's time zone, e.g. Europe/London (default: the desk's).") var tz: String?
    @Option(name: .customLong("best-time"), help: "Best time to reach them: anytime, morning, afternoon, evening.") var bestTime: BestTime = .anytime
    @Option(help: "Preferred channel: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).") var channel: Channel = .phone
    @Option(name: .customLong("cycle-days"), help: "Their sales cycle in days.") var cycleDays: Int = 30

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let contact = ContactPoints(
                phones: phone.enumerated().map { PhoneNumber($1, label: $0 == 0 ? "mobile" : "other") },
                email: email, preferredChannel: channel, bestTime: bestTime,
                timeZoneID: tz ?? session.deskTimeZone.identifier)
            guard cycleDays > 0 else { throw CLIError("--cycle-days: must be a positive number of days") }
            if let match = session.doNotContact.match(contact) {
                let holder = session.state.leads.summary(match.holder)?.name ?? "a lead"
                throw CLIError(SafeText.sanitize("\(match.given) is on the do-not-contact list (lead \(match.holder), \(holder)): not added"))
            }
            let profile = LeadProfile(
                name: name, company: company, contact: contact, source: source, owner: session.rep,
                interest: interest, salesCycleDays: cycleDays)
            let events = try session.withIDs { ids in
                try session.actions.capture(profile, wants: wants, holdingBack: holdingBack, state: session.state, at: session.now, ids: &ids)
            }
            try session.save(events)
            let lead = events[0].lead
            let time = HumanTime(timeZone: contact.timeZone, now: session.now)
            if let next = session.state.leads[lead]?.next {
                print("saved lead \(lead): first follow-up \(time.dayAndClock(next.due)) (their time) · \(next.purpose)")
            }
        }
    }
}
