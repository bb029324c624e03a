/// Checks the records of an import one at a time, each on its own (nothing in it depends on another
/// record), so that copies of it can check the records of one file on several threads.
public struct RecordChecker: Sendable {
    private var validator: LeadRowValidator

    init(validator: LeadRowValidator) { self.validator = validator }

    /// The record checked: a blank line, a rejection, or a draft and its duplicate keys.
    public mutating func check(_ raw: RawLead) -> CheckedRecord { Self.check(raw, validator: &validator) }

    /// A record checked with a validator (whose caches of zones and sources it fills).
    static func check(_ raw: RawLead, validator: inout LeadRowValidator) -> CheckedRecord {
        if raw.isBlank { return CheckedRecord(outcome: .blank) }
        switch validator.validate(raw) {
        case .failure(let rejection): return CheckedRecord(outcome: .rejected(rejection))
        case .success(let draft):
            let keys = DuplicateIndex.keys(draft.profile.contact, normalizer: validator.phones)
            return CheckedRecord(outcome: .accepted(draft, keys))
        }
    }
}
