import BebackDomain
import BebackTerminal

/// One field of a desk form.
public struct FormField: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case text(LineEditor)
        /// Pick one option by its key, or with ←/→.
        case choice(options: [ChoiceOption], selected: Int)
    }

    public var name: String
    public var label: String
    public var kind: Kind
    /// Shown after the field, e.g. "(next working day)".
    public var hint: String

    public init(_ name: String, label: String, text: String = "", hint: String = "") {
        self.name = name
        self.label = label
        self.kind = .text(LineEditor(text))
        self.hint = hint
    }

    public init(_ name: String, label: String, options: [ChoiceOption], selected: Int = 0, hint: String = "") {
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

/// What a form is for; decides what submitting it does.
public enum FormPurpose: Equatable, Sendable {
    case outcome(Disposition, lead: LeadID)
    case note(LeadID)
    case objection(LeadID)
    case agreement(LeadID)
    case reopen(LeadID)
    case contact(LeadID)
    case capture
}

/// A small form over the desk: a title, fields, the focused field, and an error or confirmation line.
public struct DeskForm: Equatable, Sendable {
    public var purpose: FormPurpose
    public var title: String
    public var fields: [FormField]
    public var focus: Int = 0
    /// Why the last submit was refused (shown in the form).
    public var error: String?
    /// A warning waiting for `y` (closing as lost with few touches).
    public var confirmation: String?
    public var confirmed = false
    /// The number the desk dialled for this outcome (kept with the touch).
    public var dialled: String?
    /// An outcome form's cadence plan, made once when the form was built (it pre-fills the form and
    /// travels with the request when the form adds nothing that changes it).
    public var plan: CadencePlan?

    public init(purpose: FormPurpose, title: String, fields: [FormField], focus: Int? = nil) {
        self.purpose = purpose
        self.title = title
        self.fields = fields
        self.focus = focus ?? 0
    }

    public func value(_ name: String) -> String {
        fields.first { $0.name == name }?.value ?? ""
    }

    /// Sends a key to the focused field; returns whether it was used.
    public mutating func edit(_ key: Key) -> Bool {
        guard fields.indices.contains(focus) else { return false }
        switch fields[focus].kind {
        case .text(var editor):
            guard editor.handle(key) else { return false }
            fields[focus].kind = .text(editor)
            error = nil
            return true
        case .choice(let options, let selected):
            switch key {
            case .left: fields[focus].kind = .choice(options: options, selected: (selected + options.count - 1) % options.count)
            case .right, .character(" "): fields[focus].kind = .choice(options: options, selected: (selected + 1) % options.count)
            case .character(let character):
                guard let index = options.firstIndex(where: { $0.key == character }) else { return false }
                fields[focus].kind = .choice(options: options, selected: index)
            default: return false
            }
            error = nil
            return true
        }
    }
}
