import BebackDomain
import BebackTerminal

/// One row of the key table: an action, the keys that do it, and the help text. The help overlay
/// and the key bar are generated from this one table.
public struct KeyBinding: Sendable {
    public var action: DeskAction
    public var keys: [Key]
    /// The keys as shown in help ("j ↓").
    public var label: String
    public var help: String
    public var group: String
}

/// The desk's key table (normal mode).
public enum KeyBindings {
    public static let all: [KeyBinding] = {
        var table: [KeyBinding] = [
            KeyBinding(action: .moveDown, keys: [.down, .character("j")], label: "j ↓", help: "next lead / scroll down", group: "Move"),
            KeyBinding(action: .moveUp, keys: [.up, .character("k")], label: "k ↑", help: "previous lead / scroll up", group: "Move"),
            KeyBinding(action: .pageDown, keys: [.pageDown, .control("f")], label: "PgDn", help: "a page down", group: "Move"),
            KeyBinding(action: .pageUp, keys: [.pageUp, .control("b")], label: "PgUp", help: "a page up", group: "Move"),
            KeyBinding(action: .top, keys: [.character("g"), .home], label: "g", help: "first lead", group: "Move"),
            KeyBinding(action: .bottom, keys: [.character("G"), .end], label: "G", help: "last lead", group: "Move"),
            KeyBinding(action: .nextPane, keys: [.tab, .right, .character("l")], label: "Tab", help: "next pane", group: "Move"),
            KeyBinding(action: .previousPane, keys: [.backTab, .left, .character("h")], label: "S-Tab", help: "previous pane", group: "Move"),
            KeyBinding(action: .work, keys: [.enter], label: "Enter", help: "work the selected lead (detail and script)", group: "Move"),
            KeyBinding(action: .filter, keys: [.character("/")], label: "/", help: "filter by name, company, phone", group: "Move"),
        ]
        for disposition in Disposition.allCases {
            table.append(KeyBinding(action: .outcome(disposition), keys: [.character(disposition.key)], label: String(disposition.key),
                                    help: "record: \(disposition.label)", group: "Outcome"))
        }
        table += [
            KeyBinding(action: .dial, keys: [.character("d")], label: "d", help: "dial the lead's number (desk.conf [dial]), timed", group: "Lead"),
            KeyBinding(action: .addNote, keys: [.character("n")], label: "n", help: "add a note", group: "Lead"),
            KeyBinding(action: .logObjection, keys: [.character("o")], label: "o", help: "log an objection", group: "Lead"),
            KeyBinding(action: .setAgreement, keys: [.character("a")], label: "a", help: "set the agreement (callback time, subject)", group: "Lead"),
            KeyBinding(action: .editContact, keys: [.character("e")], label: "e", help: "edit contact details", group: "Lead"),
            KeyBinding(action: .captureLead, keys: [.character("c")], label: "c", help: "capture a new lead (a walkout)", group: "Lead"),
            KeyBinding(action: .scriptNext, keys: [.character("]")], label: "]", help: "next script step", group: "Script"),
            KeyBinding(action: .scriptPrevious, keys: [.character("[")], label: "[", help: "previous script step", group: "Script"),
            KeyBinding(action: .scriptVoicemail, keys: [.character("v")], label: "v", help: "voicemail script on/off", group: "Script"),
            KeyBinding(action: .scriptCycleVariant, keys: [.character("V")], label: "V", help: "next script variant (cycles through all five)", group: "Script"),
            KeyBinding(action: .scriptBranch(.notReviewed), keys: [.character("r")], label: "r", help: "advance: didn't review it (walk through, resend)", group: "Script"),
            KeyBinding(action: .scriptBranch(.otherDecider), keys: [.character("w")], label: "w", help: "advance: other decider wasn't there (call both)", group: "Script"),
            KeyBinding(action: .scriptBranch(.nothingMoved), keys: [.character("m")], label: "m", help: "advance: nothing moved (the cost of waiting)", group: "Script"),
            KeyBinding(action: .scriptBranch(.newObjection), keys: [.character("b")], label: "b", help: "advance: new objection (log it, a new benefit)", group: "Script"),
            KeyBinding(action: .scriptAgree, keys: [.character("s")], label: "s", help: "next step agreed: reached form, pre-filled", group: "Script"),
            KeyBinding(action: .undo, keys: [.character("u")], label: "u", help: "undo this session's last entry", group: "Desk"),
            KeyBinding(action: .help, keys: [.character("?"), .function(1)], label: "?", help: "this help", group: "Desk"),
            KeyBinding(action: .quit, keys: [.character("q"), .control("c")], label: "q", help: "quit with a session summary", group: "Desk"),
        ]
        return table
    }()

    /// The action a key does in normal mode.
    public static func action(for key: Key) -> DeskAction? {
        all.first { $0.keys.contains(key) }?.action
    }

    /// The label of the first key that does `action` ("r"), for panes that show their keys.
    public static func label(for action: DeskAction) -> String? {
        all.first { $0.action == action }?.label
    }
}
