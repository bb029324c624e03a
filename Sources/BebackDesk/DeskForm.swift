import BebackDomain
import BebackCells

/// What a form is for; decides what submitting it does.
public enum FormPurpose: Equatable, Sendable {
    case outcome(Disposition, lead: LeadID)
    case note(LeadID)
    case objection(LeadID)
    /// Who else decides and what they need.
    case decisionProcess(LeadID)
    /// What the customer thinks of the offer.
    case feedback(LeadID)
    /// A logged objection's status and answer.
    case objectionStatus(LeadID)
    case agreement(LeadID)
    case reopen(LeadID)
    case snooze(LeadID)
    case contact(LeadID)
    case capture
    /// A text to a lead, before "Send? y/Esc".
    case text(LeadID)
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

    /// A warning that does not stop the save (a captured number already on the desk), shown in the form.
    public var warning: String?
    /// What `warning` was worked out from (a walkout's phone and email), so it is not looked up again.
    public var warnedAbout: String?

    /// The form opens on its first empty required field; when every required field is filled, on
    /// `focus` (the first field when nil).
    public init(purpose: FormPurpose, title: String, fields: [FormField], focus: FormField.Name? = nil) {
        self.purpose = purpose
        self.title = title
        self.fields = fields
        if let empty = fields.firstIndex(where: { $0.required && $0.value.isEmpty }) {
            self.focus = empty
        } else if let focus {
            self.focus(on: focus)
        }
    }

    /// The named field's value ("" when the form has no such field).
    public func value(_ name: FormField.Name) -> String {
        fields.first { $0.name == name }?.value ?? ""
    }

    /// Whether the form has the named field.
    public func has(_ name: FormField.Name) -> Bool {
        fields.contains { $0.name == name }
    }

    /// Gives the named field the keyboard (nothing changes when the form has no such field).
    public mutating func focus(on name: FormField.Name) {
        if let index = fields.firstIndex(where: { $0.name == name }) { focus = index }
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
