import BebackDomain
import BebackTerminal
import Foundation

/// A call the desk dialled and has not yet recorded: which lead, which number, since when.
public struct CallInProgress: Equatable, Sendable {
    public var lead: LeadID
    public var number: String
    public var startedAt: Date

    public init(lead: LeadID, number: String, startedAt: Date) {
        self.lead = lead
        self.number = number
        self.startedAt = startedAt
    }

    /// Whole seconds from the dial to `now`.
    public func seconds(at now: Date) -> Int { max(0, Int(now.timeIntervalSince(startedAt).rounded(.down))) }
}

/// A question on the status line waiting for `y` (anything else says no), and what `y` does.
public struct DeskConfirmation: Equatable, Sendable {
    public var question: String
    public var effect: DeskEffect

    public init(question: String, effect: DeskEffect) {
        self.question = question
        self.effect = effect
    }
}

/// Numbers nobody may call: every number of a lead marked do-not-contact.
public enum DoNotContactList {
    /// The lead marked do-not-contact that holds `number`, if any (matched on the last nine digits,
    /// so "+44 20 7946 0003" and "020 7946 0003" are the same line).
    public static func holder(of number: String, in state: DeskState) -> LeadState? {
        let key = digitsKey(number)
        guard key.count >= 6 else { return nil }
        return state.leads.values.first { lead in
            lead.doNotContact && lead.profile.contact.phones.contains { digitsKey($0.number) == key }
        }
    }

    static func digitsKey(_ number: String) -> String {
        String(number.filter { $0.isASCII && $0.isNumber }.suffix(9))
    }
}

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
        guard let number = Self.numberToDial(lead) else {
            setStatus("not dialled: \(lead.profile.name) has no phone number (e edits contact details)", error: true)
            return []
        }
        if let holder = DoNotContactList.holder(of: number, in: context.state) {
            setStatus("not dialled: \(number) is on the do-not-contact list (lead \(holder.id), \(holder.profile.name))", error: true)
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

    /// The run loop started the dial command: the call is timed from now.
    public mutating func didDial(lead: LeadID, number: String, at time: Date, context: DeskContext) {
        call = CallInProgress(lead: lead, number: number, startedAt: time)
        let name = context.state.leads[lead]?.profile.name ?? lead.rawValue
        let clock = HumanTime(timeZone: context.timeZone).clock(time)
        setStatus("dialling \(number) · \(name) · call started \(clock); the outcome (1-0) records its length", error: false)
    }

    /// The dial command ended badly after it was started (the run loop saw its exit).
    public mutating func dialCommandFailed(_ message: String) {
        setStatus("dial: \(message)", error: true)
    }

    /// The outcome form for a lead, holding the call's length when the desk dialled this lead.
    func outcomeForm(_ disposition: Disposition, lead: LeadState, context: DeskContext, proposal: NextCallProposal? = nil) -> DeskForm {
        let timed = call.flatMap { $0.lead == lead.id ? $0 : nil }
        return DeskFormFactory.outcome(disposition, lead: lead, context: context, proposal: proposal, call: timed)
    }
}
