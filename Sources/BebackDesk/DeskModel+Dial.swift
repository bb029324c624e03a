import BebackDomain
import BebackCells
import Foundation

extension DeskModel {
    /// The number `d` dials for a lead: the agreed callback's number, else its first phone.
    public static func numberToDial(_ lead: LeadState) -> String? {
        if let agreed = lead.agreement?.number, !agreed.filter(\.isNumber).isEmpty { return agreed }
        return lead.profile.contact.phones.first { !$0.normalized.filter(\.isNumber).isEmpty }?.number
    }

    /// `d`: dial the selected lead, unless it (or its number) is do-not-contact, the desk cannot dial,
    /// or the desk is read-only; outside the lead's calling hours it asks first.
    mutating func dial(context: DeskContext) -> [DeskEffect] {
        guard let leadID = selectedLead, let lead = context.state.leads[leadID] else {
            setStatus("no lead selected", error: true)
            return []
        }
        if let reason = context.readOnlyReason {
            setStatus("read-only: \(reason); not dialled", error: true)
            return []
        }
        if lead.doNotContact {
            setStatus("not dialled: \(lead.profile.name) is on the do-not-contact list", error: true)
            return []
        }
        if lead.blockedChannels.contains(.phone) {
            let by = lead.next.map { "; the next step is by \($0.channel.label)" } ?? ""
            setStatus("not dialled: \(lead.profile.name) asked not to be called (\(lead.blockedChannelsText))\(by)", error: true)
            return []
        }
        guard let number = Self.numberToDial(lead) else {
            setStatus("not dialled: \(lead.profile.name) has no phone number (e edits contact details)", error: true)
            return []
        }
        if let match = context.doNotContactMatch(ContactPoints(phones: [PhoneNumber(number)])) {
            let name = context.state.leads.summary(match.holder)?.name ?? "a lead"
            setStatus("not dialled: \(number) is on the do-not-contact list (lead \(match.holder), \(name))", error: true)
            return []
        }
        guard context.dialCommand != nil else {
            setStatus("no dial command: add '[dial]' and 'command = softphone {tel}' to DESK/desk.conf", error: true)
            return []
        }
        let effect = DeskEffect.dial(lead: leadID, number: number)
        let window = CallingWindow(policy: context.policy, timeZone: lead.profile.contact.timeZone)
        if !window.isCallable(context.now) {
            let clock = HumanTime(timeZone: lead.profile.contact.timeZone).clock(context.now)
            let question = "\(lead.profile.name) is outside calling hours (their time \(clock)). Dial anyway? y = dial, Esc = no"
            mode = .confirming(DeskConfirmation(question: question, effect: effect))
            setStatus(question, error: true)
            return []
        }
        return [effect]
    }

    mutating func answer(_ key: Key, to confirmation: DeskConfirmation) -> [DeskEffect] {
        mode = .normal
        if key == .character("y") || key == .character("Y") {
            setStatus("", error: false)
            return [confirmation.effect]
        }
        setStatus("not dialled", error: false)
        return []
    }

    /// The outcome form for a lead, holding the call's length when the desk dialled this lead.
    func outcomeForm(_ disposition: Disposition, lead: LeadState, context: DeskContext, proposal: NextCallProposal? = nil) -> DeskForm {
        let timed = call.flatMap { $0.lead == lead.id ? $0 : nil }
        return DeskFormFactory.outcome(disposition, lead: lead, context: context, proposal: proposal, call: timed)
    }
}
