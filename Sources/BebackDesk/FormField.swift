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
        case name, company, phone, phone2, email, bestTime, wants, holdingBack, timeZone
        // The decision-process, feedback and objection-status forms, and an outcome's channel.
        case deciders, criteria, needs, reviewTime, likes, comfort, priceFit, objection, status, channel
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

    public init(_ name: Name, label: String, text: String = "", hint: String = "") {
        self.name = name
        self.label = label
        self.kind = .text(LineEditor(text))
        self.hint = hint
    }

    public init(_ name: Name, label: String, options: [ChoiceOption], selected: Int = 0, hint: String = "") {
        self.name = name
        self.label = label
        self.kind = .choice(options: options, selected: selected)
        self.hint = hint
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
}
