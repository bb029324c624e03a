import Foundation
import BebackCells

/// One field of a desk form.
public struct FormField: Equatable, Sendable {
    /// Every field a desk form has, by name: forms are read and focused by these, so a misspelt
    /// field is a compile error rather than an empty value.
    public enum Name: String, Equatable, Sendable {
        // Outcome forms.
        case next, purpose, note, call, callback, subject, customerAction, number, reason, when, lostReason
        // The note and objection forms.
        case text, category, words, answer
        // The contact and capture forms.
        case name, company, phone, phone2, email, bestTime, wants, holdingBack, timeZone, source
        // The decision-process, feedback and objection-status forms, and an outcome's channel.
        case deciders, criteria, needs, reviewTime, likes, comfort, priceFit, objection, status, channel
        // The do-not-contact outcome: every channel, or only some.
        case blocks
    }

    public enum Kind: Equatable, Sendable {
        case text(LineEditor)
        /// Pick one option by its key, or with ←/→.
        case choice(options: [ChoiceOption], selected: Int)
    }

    public var name: Name
    public var label: String
    public var kind: Kind
    /// Shown after the field, e.g. "(next working day)".
    public var hint: String
    /// Whether the form cannot be saved with this field empty (a form opens on the first empty one).
    public var required: Bool

    public init(_ name: Name, label: String, text: String = "", hint: String = "", required: Bool = false) {
        self.name = name
        self.label = label
        self.kind = .text(LineEditor(text))
        self.hint = hint
        self.required = required
    }

    public init(_ name: Name, label: String, options: [ChoiceOption], selected: Int = 0, hint: String = "") {
        self.name = name
        self.label = label
        self.kind = .choice(options: options, selected: selected)
        self.hint = hint
        self.required = false
    }

    /// The field's current value (a choice gives its option's value).
    public var value: String {
        switch kind {
        case .text(let editor): return editor.text.trimmingCharacters(in: .whitespaces)
        case .choice(let options, let selected): return options.indices.contains(selected) ? options[selected].value : ""
        }
    }
}

/// One option of a choice field.
public struct ChoiceOption: Equatable, Sendable {
    public var key: Character
    public var label: String
    public var value: String

    public init(key: Character, label: String, value: String) {
        self.key = key
        self.label = label
        self.value = value
    }

    /// Options keyed by the first letter of each label that no earlier option has taken (then a
    /// digit), so no two options of a field share a key: "a anytime", "m morning", "f afternoon".
    public static func keyed(_ items: [(label: String, value: String)]) -> [ChoiceOption] {
        var taken = Set<Character>()
        return items.map { item in
            let letters = item.label.lowercased().filter { $0.isLetter && $0.isASCII }
            let key = letters.first { !taken.contains($0) } ?? "123456789".first { !taken.contains($0) } ?? "0"
            taken.insert(key)
            return ChoiceOption(key: key, label: item.label, value: item.value)
        }
    }
}
