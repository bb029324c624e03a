import BebackDomain

/// What an import will do, before anything is written: the new leads, the merges into leads on the
/// desk, the duplicates, and the rejected records with their reasons.
public struct ImportPlan: Equatable, Sendable {
    public var drafts: [LeadDraft] = []
    /// Desk leads that get new details (only those where something changes).
    public var merges: [LeadMerge] = []
    public var duplicates: [DuplicateRow] = []
    public var rejects: [RowRejection] = []
    /// Records imported with a value left out (a bad optional field), for the reject file.
    public var warnings: [RowRejection] = []
    /// How many records had each noteworthy thing ("do not call", "owner not a rep").
    public var tally: [String: Int] = [:]
    public var blankLines = 0
    /// Records read (blank lines included, the header not).
    public var records = 0

    public init() {}

    public func count(_ outcome: DuplicateRow.Outcome) -> Int { duplicates.filter { $0.outcome == outcome }.count }
}

/// Sorts imported records into new leads, duplicates (merged or skipped, never doubled) and
/// rejects, record by record, against the desk and the records before them in the file.
public struct ImportPlanner: Sendable {
    public let policy: DuplicatePolicy
    private var validator: LeadRowValidator
    private let state: DeskState
    private var index: DuplicateIndex
    private let doNotContact: DoNotContactList
    private var plan = ImportPlan()
    private var draftSlot: [Int: Int] = [:]
    private var merges: [LeadMerge] = []
    private var mergeSlot: [LeadID: Int] = [:]

    public init(state: DeskState, policy: DuplicatePolicy, validator: LeadRowValidator) {
        self.state = state
        self.validator = validator
        self.policy = policy
        self.index = DuplicateIndex(state: state, normalizer: validator.phones)
        self.doNotContact = DoNotContactList(state: state)
    }

    /// Makes room for about `records` records (a file's line count), so that the plan and the
    /// duplicate index are not moved over again and again as they grow.
    public mutating func reserveCapacity(_ records: Int) {
        plan.drafts.reserveCapacity(records)
        draftSlot.reserveCapacity(records)
        index.reserveCapacity(records)
    }

    /// What checks each record on its own (it may run on another thread, a copy for each).
    public var checker: RecordChecker { RecordChecker(validator: validator) }

    /// Takes one record: checks it, then sorts it as new, duplicate or rejected.
    public mutating func add(_ raw: RawLead) {
        add(RecordChecker.check(raw, validator: &validator))
    }

    /// Takes one record already checked on its own: sorts it as new, duplicate or rejected.
    public mutating func add(_ checked: CheckedRecord) {
        plan.records += 1
        switch checked.outcome {
        case .blank: plan.blankLines += 1
        case .rejected(let rejection): plan.rejects.append(rejection)
        case .accepted(let draft, let keys):
            add(draft, keys: keys)
            for word in draft.tally { plan.tally[word, default: 0] += 1 }
            if !draft.warnings.isEmpty, plan.rejects.last?.line != draft.line {
                plan.warnings.append(
                    RowRejection(line: draft.line, reason: "imported, but left out: " + draft.warnings.joined(separator: "; "), cells: draft.cells))
            }
        }
    }

    /// Takes one valid record.
    public mutating func add(_ draft: LeadDraft) { add(draft, keys: index.keys(draft.profile.contact)) }

    /// Takes one valid record whose duplicate keys were worked out with it.
    private mutating func add(_ draft: LeadDraft, keys: DuplicateIndex.Keys) {
        // A row that marks someone do-not-contact is the list growing; any other row on it is refused.
        if !draft.doNotContact, let match = doNotContact.match(draft.profile.contact) {
            plan.rejects.append(
                RowRejection(
                    line: draft.line, reason: "\(match.given) is on the do-not-contact list (lead \(match.holder))",
                    cells: draft.cells))
            return
        }
        // The rows of a Beback export are the desk's leads, each its own even when two share an address:
        // only a lead already on this desk makes one a duplicate.
        let found = index.match(keys)
        let sameFile = if case .file = found?.0 { true } else { false }
        guard let (match, reason) = found, !(sameFile && draft.history != nil) else {
            draftSlot[draft.line] = plan.drafts.count
            plan.drafts.append(draft)
            index.insert(keys, as: .file(draft.line))
            return
        }
        guard policy == .merge else {
            plan.duplicates.append(DuplicateRow(line: draft.line, duplicateOf: match, reason: reason, outcome: .skipped))
            return
        }
        switch match {
        case .file(let line):
            guard let slot = draftSlot[line] else { return }
            let before = plan.drafts[slot]
            ProfileMerger.merge(draft, into: &plan.drafts[slot], phones: validator.phones)
            let changed = plan.drafts[slot] != before
            plan.duplicates.append(DuplicateRow(line: draft.line, duplicateOf: match, reason: reason, outcome: changed ? .merged : .unchanged))
            index.insert(plan.drafts[slot].profile.contact, as: match)
        case .desk(let lead):
            guard let existing = state.leads[lead] else { return }
            if let owners = validator.owners, !owners.allowed.contains(existing.profile.owner) {
                plan.rejects.append(
                    RowRejection(
                        line: draft.line,
                        reason: "duplicate of lead \(lead), which belongs to \(existing.profile.owner): \(owners.explanation)"
                            + " (--duplicates skip leaves it as it is)", cells: draft.cells))
                return
            }
            let slot =
                mergeSlot[lead]
                ?? {
                    merges.append(
                        LeadMerge(lead: lead, original: existing.profile, profile: existing.profile, newNotes: [], markDoNotContact: false, lines: []))
                    mergeSlot[lead] = merges.count - 1
                    return merges.count - 1
                }()
            var merge = merges[slot]
            let before = merge
            ProfileMerger.merge(draft.profile, into: &merge.profile, phones: validator.phones)
            let known = Set(existing.notes.map(\.text))
            for note in draft.notes where !known.contains(note) && !merge.newNotes.contains(note) { merge.newNotes.append(note) }
            if draft.doNotContact, !existing.doNotContact { merge.markDoNotContact = true }
            let newBlocks = draft.blockedChannels.subtracting(existing.blockedChannels)
            if !existing.doNotContact, !newBlocks.isSubset(of: merge.blockChannels) {
                merge.blockChannels.formUnion(newBlocks)
                merge.blockReason = draft.blockReason
            }
            let changed = merge != before
            if changed { merge.lines.append(draft.line) }
            merges[slot] = merge
            plan.duplicates.append(DuplicateRow(line: draft.line, duplicateOf: match, reason: reason, outcome: changed ? .merged : .unchanged))
            index.insert(merge.profile.contact, as: match)
        }
    }

    /// The plan once every record is in; the planner lets go of it (a large import holds one copy).
    public mutating func finish() -> ImportPlan {
        var result = plan
        result.merges = merges.filter(\.changesSomething)
        plan = ImportPlan()
        merges = []
        draftSlot = [:]
        mergeSlot = [:]
        index = DuplicateIndex(normalizer: index.normalizer)
        return result
    }
}
