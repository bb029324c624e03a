import Foundation

/// Which script fits the call about to be made.
public enum ScriptVariant: String, Sendable, CaseIterable {
    /// The first call after a walkout.
    case firstAfterWalkout = "first-after-walkout"
    /// A callback or follow-up after an earlier conversation.
    case followUp = "follow-up"
    /// A long-term "not now" check-in.
    case longTermCheckIn = "long-term"
    /// The satisfaction call after a purchase.
    case satisfaction
    /// What to say when the call goes to voicemail.
    case voicemail

    /// The variant for a lead's next planned touch.
    public static func forLead(_ lead: LeadState) -> ScriptVariant {
        switch lead.next?.kind {
        case .longTerm: return .longTermCheckIn
        case .satisfaction: return .satisfaction
        case .first: return .firstAfterWalkout
        default: return lead.lastContact == nil && lead.touches.isEmpty ? .firstAfterWalkout : .followUp
        }
    }
}

/// One step of a call script: a heading and the lines the rep reads or checks.
public struct ScriptStep: Equatable, Sendable {
    public var title: String
    public var lines: [String]

    public init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}

/// The facts a script is filled from, taken from a lead's own journal, each with a fallback when the journal lacks it.
public struct ScriptFacts: Equatable, Sendable {
    public var firstName: String
    public var rep: String
    public var reason: String
    public var lastSpoke: String
    public var discussed: String
    /// The note of the last conversation, if one was written.
    public var lastNote: String
    public var agreedSubject: String
    public var customerAction: String
    public var agreementLine: String
    public var openObjections: [String]
    public var deciders: String
    public var feedback: String
    public var localTime: String
    public var goodTime: String
    public var number: String
    public var nextTry: String

    /// Gathers the facts for `lead` at `now`.
    public init(lead: LeadState, rep: RepName, now: Date, policy: CadencePolicy = .standard) {
        let zone = lead.profile.contact.timeZone
        let time = HumanTime(timeZone: zone)
        let window = CallingWindow(policy: policy, timeZone: zone, bestTime: lead.profile.contact.bestTime)
        firstName = lead.profile.name.split(separator: " ").first.map(String.init) ?? lead.profile.name
        self.rep = rep.rawValue.prefix(1).uppercased() + rep.rawValue.dropFirst()
        reason = lead.next?.purpose ?? "check in"
        lastNote = lead.lastContact?.touch.note ?? ""
        if let contact = lead.lastContact {
            lastSpoke = time.dayAndRelative(contact.at, now: now)
            discussed = lead.wants.isEmpty ? (lead.profile.interest.isEmpty ? "what they were looking for" : lead.profile.interest) : lead.wants
        } else if lead.touches.isEmpty {
            lastSpoke = "at the visit on \(time.dayAndRelative(lead.capturedAt, now: now))"
            discussed = lead.wants.isEmpty ? (lead.profile.interest.isEmpty ? "what they were looking for" : lead.profile.interest) : lead.wants
        } else {
            lastSpoke = "never: we have not spoken yet"
            discussed = lead.wants.isEmpty ? "what they were looking for" : lead.wants
        }
        if let agreement = lead.agreement {
            agreedSubject = agreement.subject.isEmpty ? "the next step" : agreement.subject
            customerAction = agreement.customerAction.isEmpty ? "think it over" : agreement.customerAction
            agreementLine = "Agreed \(time.day(agreement.madeAt)): call \(time.dayAndClock(agreement.callbackAt)) about \(agreedSubject)"
                + (agreement.customerAction.isEmpty ? "" : "; they would \(agreement.customerAction)")
        } else {
            agreedSubject = "the next step"
            customerAction = lead.holdingBack.isEmpty ? "think it over" : "work out \(lead.holdingBack)"
            agreementLine = "No agreement recorded yet"
        }
        openObjections = lead.openObjections.map { objection in
            "\(objection.category.label): \"\(objection.words)\"" + (objection.answer.isEmpty ? "" : " (we said: \(objection.answer))")
        }
        deciders = lead.decisionProcess.otherDeciders.isEmpty ? "no other decision maker recorded" : "decides with \(lead.decisionProcess.otherDeciders)"
        let feedbackParts = [lead.feedback.likes, lead.feedback.priceFit].filter { !$0.isEmpty }
        feedback = feedbackParts.isEmpty ? "" : feedbackParts.joined(separator: "; ")
        localTime = "their time \(time.clock(now))"
        goodTime = window.isCallable(now)
            ? (window.preferred.contains(window.minuteOfDay(now)) ? "a good time by their preference" : "inside calling hours, outside their preferred \(lead.profile.contact.bestTime.rawValue)")
            : "outside calling hours"
        number = lead.agreement?.number ?? lead.profile.contact.phones.first?.number ?? "our main number"
        let engine = CadenceEngine(policy: policy)
        let retry = engine.plan(after: .voicemail, on: lead, at: now).next
        nextTry = retry.map { time.dayAndClock($0.due) } ?? "soon"
    }
}

/// The call-script prompter's built-in script: before dialling, the reminder, an open question,
/// advancing the sale, agreeing the next step; and the voicemail message. Every fact comes from the lead's journal.
public enum CallScriptBuilder {
    public static func steps(for lead: LeadState, rep: RepName, now: Date, variant: ScriptVariant? = nil,
                             policy: CadencePolicy = .standard) -> [ScriptStep] {
        let facts = ScriptFacts(lead: lead, rep: rep, now: now, policy: policy)
        let chosen = variant ?? ScriptVariant.forLead(lead)
        var prep = ["Why: \(facts.reason)", facts.agreementLine]
        prep += facts.openObjections.isEmpty ? ["No open objections"] : facts.openObjections.map { "Open: \($0)" }
        prep.append(facts.deciders.prefix(1).uppercased() + facts.deciders.dropFirst())
        if !facts.feedback.isEmpty { prep.append("Feedback: \(facts.feedback)") }
        prep.append("\(facts.localTime.prefix(1).uppercased() + facts.localTime.dropFirst()), \(facts.goodTime)")
        let before = ScriptStep(title: "Before you dial", lines: prep)
        let voicemail = ScriptStep(title: "If it goes to voicemail", lines: [
            "Hello \(facts.firstName), it's \(facts.rep), calling as I said I would about \(facts.agreedSubject).",
            "You can reach me on \(facts.number).",
            "I'll try you again \(facts.nextTry).",
        ])
        switch chosen {
        case .voicemail:
            return [before, voicemail]
        case .satisfaction:
            return [before,
                    ScriptStep(title: "1 Open", lines: ["Hello \(facts.firstName), it's \(facts.rep). You have had it a little while now: how is it going?"]),
                    ScriptStep(title: "2 Listen", lines: ["Anything that is not as you expected? Fix it or book the fix now."]),
                    ScriptStep(title: "3 Ask", lines: ["Who else do you know who is looking for something similar?"]),
                    voicemail]
        case .longTermCheckIn:
            return [before,
                    ScriptStep(title: "1 Remind", lines: ["We spoke \(facts.lastSpoke) about \(facts.discussed); you said the timing was not right."]),
                    ScriptStep(title: "2 Reason for calling now", lines: [facts.reason]),
                    ScriptStep(title: "3 Ask", lines: ["What has changed on your side since then?"]),
                    ScriptStep(title: "4 Agree", lines: ["A precise day and time, the number, and what we will cover."]),
                    voicemail]
        case .firstAfterWalkout, .followUp:
            let remind = chosen == .firstAfterWalkout
                ? "Thanks for coming in \(facts.lastSpoke); you were looking at \(facts.discussed)."
                : "We spoke \(facts.lastSpoke), about \(facts.discussed); you were going to \(facts.customerAction)."
            var remindLines = ["Hello \(facts.firstName), it's \(facts.rep).", remind]
            if !facts.lastNote.isEmpty { remindLines.append("Last time: \(facts.lastNote)") }
            return [before,
                    ScriptStep(title: "1 Remind", lines: remindLines),
                    ScriptStep(title: "2 Ask", lines: ["How did that go?"]),
                    ScriptStep(title: "3 Advance", lines: [
                        "Didn't review it: walk through it together now, or resend it.",
                        "Other decider not there: propose a call with both of you.",
                        "Nothing moved: what does waiting cost you?",
                        "Bring a new reason that helps them, not a discount.",
                    ]),
                    ScriptStep(title: "4 Agree", lines: ["A precise day and time, the number to call, and the subject of that call."]),
                    voicemail]
        }
    }
}
