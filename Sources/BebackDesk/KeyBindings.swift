import BebackDomain
import BebackCells

/// The desk's key table (normal mode): every key a rep can press, with its help text and its place
/// on the key bar. The outcome digits are the desk's own (1-9, then 0, as on a dialer).
public enum KeyBindings {
    /// The digit that records each outcome.
    public static let outcomeKeys: [(Disposition, Character)] = [
        (.reached, "1"), (.voicemail, "2"), (.noAnswer, "3"), (.busy, "4"), (.badNumber, "5"),
        (.notNow, "6"), (.appointment, "7"), (.won, "8"), (.lost, "9"), (.doNotContact, "0")
    ]

    /// The table.
    public static let table = KeyTable<DeskAction>(
        {
            var rows: [KeyBinding<DeskAction>] = [
                KeyBinding(.moveDown, keys: [.down, .character("j")], label: "j ↓", help: "next lead / scroll down", group: "Move"),
                KeyBinding(.moveUp, keys: [.up, .character("k")], label: "k ↑", help: "previous lead / scroll up", group: "Move"),
                KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "PgDn", help: "a page down", group: "Move"),
                KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "PgUp", help: "a page up", group: "Move"),
                KeyBinding(.top, keys: [.character("g"), .home], label: "g", help: "first lead", group: "Move"),
                KeyBinding(.bottom, keys: [.character("G"), .end], label: "G", help: "last lead", group: "Move"),
                KeyBinding(.nextPane, keys: [.tab, .right, .character("l")], label: "Tab", help: "next pane", group: "Move"),
                KeyBinding(.previousPane, keys: [.backTab, .left, .character("h")], label: "S-Tab", help: "previous pane", group: "Move"),
                KeyBinding(.work, keys: [.enter], label: "Enter", help: "work the selected lead (detail and script)", group: "Move"),
                KeyBinding(
                    .filter, keys: [.character("/")], label: "/", short: "find",
                    help: "find any lead: name, phone, email, id, notes", group: "Move", bar: 26),
                KeyBinding(
                    .skip, keys: [.character("x")], label: "x", short: "skip", help: "skip: lead to the end of the queue", group: "Move",
                    bar: 27)
            ]
            for (index, (disposition, key)) in outcomeKeys.enumerated() {
                rows.append(
                    KeyBinding(
                        .outcome(disposition), keys: [.character(key)], label: String(key), short: barWord(disposition),
                        help: "record: \(disposition.label)", group: "Outcome", bar: index))
            }
            rows += [
                KeyBinding(
                    .dial, keys: [.character("d")], label: "d", short: "dial", help: "dial the lead's number (desk.conf [dial]), timed", group: "Lead", bar: 20),
                KeyBinding(.addNote, keys: [.character("n")], label: "n", short: "note", help: "add a note", group: "Lead", bar: 21),
                KeyBinding(.logObjection, keys: [.character("o")], label: "o", short: "objection", help: "log an objection", group: "Lead", bar: 22),
                KeyBinding(
                    .setAgreement, keys: [.character("a")], label: "a", short: "agree", help: "set the agreement (callback time, subject)", group: "Lead",
                    bar: 23),
                KeyBinding(
                    .updateObjection, keys: [.character("O")], label: "O", help: "objection status: answered, recurring, open", group: "Lead"),
                KeyBinding(
                    .recordDecisionProcess, keys: [.character("p")], label: "p", help: "decision process: who decides, what they need",
                    group: "Lead"),
                KeyBinding(.recordFeedback, keys: [.character("F")], label: "F", help: "feedback (what they like, comfort, price fit)", group: "Lead"),
                KeyBinding(.editContact, keys: [.character("e")], label: "e", help: "edit contact details", group: "Lead"),
                KeyBinding(.recordDelivery, keys: [.character("D")], label: "D", help: "record delivery (satisfaction call from it)", group: "Lead"),
                KeyBinding(.reopenLead, keys: [.character("R")], label: "R", help: "reopen a lost lead, with a reason", group: "Lead"),
                KeyBinding(.snooze, keys: [.character("z")], label: "z", help: "snooze the next step, with a reason", group: "Lead"),
                KeyBinding(.composeText, keys: [.character("T")], label: "T", help: "text the lead (one line, SMS count)", group: "Lead"),
                KeyBinding(.composeEmail, keys: [.character("M")], label: "M", help: "email the lead (template in $EDITOR)", group: "Lead"),
                KeyBinding(.captureLead, keys: [.character("c")], label: "c", short: "capture", help: "capture a new lead (a walkout)", group: "Lead", bar: 24),
                KeyBinding(.scriptNext, keys: [.character("]")], label: "]", short: "next step", help: "next script step", group: "Script", bar: 10),
                KeyBinding(.scriptPrevious, keys: [.character("[")], label: "[", short: "back", help: "previous script step", group: "Script", bar: 11),
                KeyBinding(
                    .scriptVoicemail, keys: [.character("v")], label: "v", short: "voicemail", help: "voicemail script on/off", group: "Script", bar: 12),
                KeyBinding(
                    .scriptCycleVariant, keys: [.character("V")], label: "V", short: "variant", help: "next script variant (cycles through all six)",
                    group: "Script", bar: 13),
                KeyBinding(
                    .scriptBranch(.notReviewed), keys: [.character("r")], label: "r", short: "what happened",
                    help: "advance: didn't review it (walk through, resend)", group: "Script", bar: 14),
                KeyBinding(
                    .scriptBranch(.otherDecider), keys: [.character("w")], label: "w", short: "what happened",
                    help: "advance: other decider wasn't there (call both)", group: "Script", bar: 14),
                KeyBinding(
                    .scriptBranch(.nothingMoved), keys: [.character("m")], label: "m", short: "what happened",
                    help: "advance: nothing moved (the cost of waiting)", group: "Script", bar: 14),
                KeyBinding(
                    .scriptBranch(.newObjection), keys: [.character("b")], label: "b", short: "what happened",
                    help: "advance: new objection (log it, a new benefit)", group: "Script", bar: 14),
                KeyBinding(
                    .scriptAgree, keys: [.character("s")], label: "s", short: "agreed", help: "next step agreed: reached form, pre-filled", group: "Script",
                    bar: 15),
                KeyBinding(
                    .powerSession, keys: [.character("P")], label: "P", help: "power dialling: an outcome dials the next lead", group: "Desk"),
                KeyBinding(.undo, keys: [.character("u")], label: "u", short: "undo", help: "undo this session's last entry", group: "Desk", bar: 25),
                KeyBinding(.help, keys: [.character("?"), .function(1)], label: "?", short: "help", help: "this help", group: "Desk", bar: 90),
                KeyBinding(
                    .quit, keys: [.character("q"), .control("c")], label: "q", short: "quit", help: "quit with a session summary", group: "Desk", bar: 91)
            ]
            return rows
        }())

    /// Every binding, in help's order.
    public static var all: [KeyBinding<DeskAction>] { table.bindings }

    /// The action a key does in normal mode.
    public static func action(for key: Key) -> DeskAction? { table.action(for: key) }

    /// The label of the first key that does `action` ("r"), for panes that show their keys.
    public static func label(for action: DeskAction) -> String? { table.label(for: action) }

    /// The digit of an outcome.
    public static func key(for disposition: Disposition) -> Character {
        outcomeKeys.first { $0.0 == disposition }?.1 ?? "?"
    }

    /// An outcome's word on the key bar.
    static func barWord(_ disposition: Disposition) -> String {
        switch disposition {
        case .badNumber: return "bad no."
        case .doNotContact: return "DNC"
        case .appointment: return "appt"
        default: return disposition.label
        }
    }
}
