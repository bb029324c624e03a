#if Postgres
    import BebackDomain
    import Foundation

    /// One row of `beback_leads`, the query model beside the entries: what the desk's lists and
    /// `find` ask of a lead, computed by folding the lead's entries exactly as a full replay does.
    public struct PostgresLeadRow: Equatable, Sendable, CustomStringConvertible {
        public var lead: String
        public var owner: String
        public var stage: String
        /// Whether the lead can still be worked (not lost, not do-not-contact).
        public var isOpen: Bool
        /// The next follow-up's time (seconds since 1970), kind, channel and purpose; empty kind when none.
        public var due: Double
        public var kind: String
        public var channel: String
        public var purpose: String
        public var touches: Int32
        public var name: String
        public var company: String
        /// Every phone number's digits, space-separated (what `find` matches a typed number against).
        public var phoneDigits: String
        /// The latest causal order (`EntryOrder`) among the lead's entries.
        public var lastOrder: Int64
        /// What the manager's board reads of the lead (`LeadBoardFacts`): written with the row, not read at a desk's open.
        public var board: LeadBoardFacts?

        /// The row of a folded lead whose newest entry has causal order `lastOrder`.
        public init(_ state: borrowing LeadState, lastOrder: UInt64) {
            lead = state.id.rawValue
            owner = state.profile.owner.rawValue
            stage = state.stage.rawValue
            isOpen = !state.isClosed && !state.doNotContact
            due = state.next?.due.timeIntervalSince1970 ?? 0
            kind = state.next?.kind.rawValue ?? ""
            channel = state.next?.channel.rawValue ?? ""
            purpose = state.next?.purpose ?? ""
            touches = Int32(clamping: state.touchCount)
            name = state.profile.name
            company = state.profile.company
            phoneDigits = state.profile.contact.phones.map { Self.digits(of: $0.number) }.joined(separator: " ")
            self.lastOrder = Int64(clamping: lastOrder)
            board = LeadBoardFacts(state)
        }

        /// The ASCII digits of a number, in order. In ASCII text each character is one byte (or "\r\n",
        /// which holds no digit), so the bytes are filtered without reading characters.
        package static func digits(of number: String) -> String {
            if number.utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: number.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self) }
            return String(number.filter { $0.isASCII && $0.isNumber })
        }

        init(
            lead: String, owner: String, stage: String, isOpen: Bool, due: Double, kind: String, channel: String, purpose: String,
            touches: Int32, name: String, company: String, phoneDigits: String, lastOrder: Int64
        ) {
            self.lead = lead
            self.owner = owner
            self.stage = stage
            self.isOpen = isOpen
            self.due = due
            self.kind = kind
            self.channel = channel
            self.purpose = purpose
            self.touches = touches
            self.name = name
            self.company = company
            self.phoneDigits = phoneDigits
            self.lastOrder = lastOrder
        }

        /// The next follow-up the row holds, if any.
        public var next: FollowUp? {
            guard let kind = FollowUpKind(rawValue: kind) else { return nil }
            return FollowUp(
                restoring: Date(timeIntervalSince1970: due), kind: kind, channel: Channel(rawValue: channel) ?? .phone, checkedPurpose: purpose)
        }

        /// What a list line shows of the lead.
        public var summary: LeadSummary {
            LeadSummary(id: LeadID(lead), owner: RepName(owner), name: name, company: company, touchCount: Int(touches), isOpen: isOpen, next: next)
        }

        /// The lead as the due index lists it (its due time only while it is open).
        public var archived: ArchivedLead {
            ArchivedLead(id: LeadID(lead), owner: RepName(owner), due: isOpen ? next?.due : nil)
        }

        /// Two rows differ in this field list (for `rebuild`'s report), empty when they are equal.
        public func differences(from other: PostgresLeadRow) -> [String] {
            var fields: [String] = []
            if owner != other.owner { fields.append("owner") }
            if stage != other.stage { fields.append("stage") }
            if isOpen != other.isOpen { fields.append("open") }
            if due != other.due || kind != other.kind || channel != other.channel || purpose != other.purpose { fields.append("next step") }
            if touches != other.touches { fields.append("touches") }
            if name != other.name || company != other.company || phoneDigits != other.phoneDigits { fields.append("find keys") }
            if lastOrder != other.lastOrder { fields.append("order") }
            return fields
        }

        public var description: String { "\(lead) (\(owner), \(stage))" }
    }

    /// The columns of summary rows, one array per column (one statement for a batch).
    struct LeadRowColumns {
        var leads: [String] = [], owners: [String] = [], stages: [String] = [], open: [Bool] = [], dues: [Double] = []
        var kinds: [String] = [], channels: [String] = [], purposes: [String] = [], touches: [Int32] = []
        var names: [String] = [], companies: [String] = [], phones: [String] = [], orders: [Int64] = []
        /// The board's facts (`LeadBoardFacts`): no idle time is NaN, written as NULL.
        var worked: [Bool] = [], idleSince: [Double] = [], zones: [String] = []

        init(_ rows: some Sequence<PostgresLeadRow>) {
            for row in rows {
                leads.append(row.lead)
                owners.append(row.owner)
                stages.append(row.stage)
                open.append(row.isOpen)
                dues.append(row.due)
                kinds.append(row.kind)
                channels.append(row.channel)
                purposes.append(row.purpose)
                touches.append(row.touches)
                names.append(row.name)
                companies.append(row.company)
                phones.append(row.phoneDigits)
                orders.append(row.lastOrder)
                worked.append(row.board?.worked ?? false)
                idleSince.append(row.board?.idleSince?.timeIntervalSince1970 ?? .nan)
                zones.append(row.board?.zone ?? "")
            }
        }
    }
#endif
