import BebackDomain
import BebackExchange
import BebackText
import Foundation

/// An email or a text ready to send to one lead: the template filled, the address or number
/// checked against the do-not-contact list, the desk.conf command known. Shared by `beback send`
/// and the desk's compose keys; sending and journaling go through `MessageDelivery`.
struct MessageDraft {
    var kind: MessageKind
    var lead: LeadState
    /// The email (nil for a text).
    var email: EmailMessage?
    /// The text's words (for a text), or the email's body.
    var text: String
    /// The number a text goes to.
    var number: String?
    /// The argv of the desk.conf command (the text's with the number put in).
    var argv: [String]
    /// Whether now is outside the lead's calling hours (a text asks first).
    var outsideHours: Bool
    /// The template the draft was filled from.
    var template: String

    /// The subject (email) or "" (text).
    var subject: String { email?.subject ?? "" }
}

/// Builds, sends and journals messages (see `MessageDraft`).
enum MessageDelivery {
    /// The draft for `lead` on `kind`, or why it cannot be sent.
    static func draft(
        _ kind: MessageKind, lead: LeadState, purpose: MessagePurpose?, session: DeskSession, templates: MessageTemplateSet
    ) throws -> MessageDraft {
        let config = session.config
        let section = kind == .email ? "mail" : "text"
        guard let command = config.messaging["\(section).command"] else {
            throw CLIError(
                "desk.conf has no [\(section)] command: add one (\(kind == .email ? "command = sendmail -t -i" : "command = my-sms-gateway {tel}")) to send \(kind == .email ? "emails" : "texts")"
            )
        }
        if LeadLifecycle.stage(of: lead) == .doNotContact {
            throw CLIError("lead \(lead.id) asked not to be contacted: nothing is sent")
        }
        if lead.blockedChannels.contains(kind.channel) {
            throw CLIError("lead \(lead.id) asked not to be sent \(kind == .email ? "email" : "texts") (\(lead.blockedChannelsText)): nothing is sent")
        }
        let contact = lead.profile.contact
        var number: String?
        var address: String?
        var entry: DoNotContactList.Entry?
        if kind == .email {
            guard let email = contact.email, !email.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("lead \(lead.id) has no email address")
            }
            address = email.trimmingCharacters(in: .whitespaces)
            entry = DoNotContactList.emailEntry(email)
        } else {
            guard let phone = lead.agreement?.number ?? contact.phones.first?.number else { throw CLIError("lead \(lead.id) has no number to text") }
            number = phone
            entry = DoNotContactList.phoneEntry(phone)
        }
        if let entry, let holder = session.doNotContact.holder(of: entry), holder != lead.id {
            throw CLIError("\(entry) is on the do-not-contact list (lead \(holder)): nothing is sent")
        }
        let chosen = purpose ?? MessagePurpose.forLead(lead)
        guard let template = templates.template(chosen, kind) else {
            throw CLIError("no usable \(MessageTemplate.fileName(chosen, kind)) template: run 'beback templates check' to see why")
        }
        let from = config.messaging["mail.from"]?.value
        let facts = ScriptFacts(lead: lead, rep: session.rep, now: session.now, policy: session.policy)
            .withRepContact(email: from, phone: config.messaging["text.from"]?.value)
        let filled = template.fill(facts)
        let window = CallingWindow(policy: session.policy, timeZone: contact.timeZone, bestTime: contact.bestTime)
        var argv = MessageCommand.words(command.value)
        guard !argv.isEmpty else { throw CLIError("desk.conf line \(command.line): [\(section)] command is empty") }
        var email: EmailMessage?
        if kind == .email {
            guard let from, !from.isEmpty else {
                throw CLIError("desk.conf has no [mail] from: add the address your emails come from (from = Ann <ann@shop.example>)")
            }
            email = EmailMessage(
                toName: lead.profile.name, toAddress: address ?? "", from: from,
                subject: filled.subject, body: filled.body, date: session.now)
        } else {
            let dial = try DialCommand(template: command.value)
            guard let filledArgv = dial.arguments(for: number ?? "") else { throw CLIError("'\(number ?? "")' has no digits to text") }
            argv = filledArgv
        }
        return MessageDraft(
            kind: kind, lead: lead, email: email, text: filled.body, number: number, argv: argv,
            outsideHours: !window.isCallable(session.now), template: MessageTemplate.fileName(chosen, kind))
    }

    /// What goes on the command's standard input.
    static func input(_ draft: MessageDraft) -> String {
        if let email = draft.email { return email.text }
        return draft.text.hasSuffix("\n") ? draft.text : draft.text + "\n"
    }

    /// Sends the draft and journals it: a touch on its channel when the command exited 0 (the
    /// message kept in the note), else a note that it was not sent (the cadence does not move).
    static func send(_ draft: MessageDraft, session: DeskSession) throws -> (outcome: MessageCommand.Outcome, line: String) {
        let outcome = MessageCommand.run(draft.argv, input: input(draft))
        let channel = draft.kind.channel
        let message = draft.email.map { "Subject: \($0.subject)\n\n\($0.body)" } ?? draft.text
        let program = (draft.argv.first as NSString?)?.lastPathComponent ?? ""
        let name = SafeText.sanitize(draft.lead.profile.name)
        if outcome.sent {
            let request = OutcomeRequest(
                lead: draft.lead.id, outcome: .noAnswer, channel: channel,
                note: "\(channel.label) sent by \(program) (exit status 0)\n\(message)", confirmed: true)
            let (events, _) = try session.withIDs { ids in try session.actions.record(request, state: session.state, at: session.now, ids: &ids) }
            try session.save(events)
            let updated = session.state.leads[draft.lead.id]
            return (outcome, "sent \(channel.label) to \(draft.lead.id) (\(name)), touch \(updated?.touchCount ?? 0)")
        }
        let status = outcome.status.map { "exit status \($0)" } ?? "did not run"
        let event = try session.withIDs { ids in
            try session.actions.event(
                .noted("\(channel.label) NOT sent (\(status)): \(outcome.detail)\n\(message)"), on: draft.lead.id, state: session.state,
                at: session.now, ids: &ids)
        }
        try session.save([event])
        return (outcome, "not sent: \(SafeText.sanitize(outcome.detail)); the \(channel.label) is kept in \(draft.lead.id)'s notes")
    }
}
