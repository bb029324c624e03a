import BebackDomain
import Foundation

/// Checks one imported record and turns it into a lead draft, or says why not: no name, no way to
/// reach the person, an impossible date, an over-long field, an owner that is not a rep name, an
/// unknown time zone, more cells than the header has columns.
public struct LeadRowValidator: Sendable {
    /// The longest value a field may hold, in characters.
    public static let maxFieldLength = LeadProfile.maxFieldLength

    /// The owner of leads whose record names none (the importing rep).
    public var defaultOwner: RepName
    /// The time zone of leads whose record names none.
    public var defaultTimeZone: String
    /// Whose calendars the importer may write into (nil: anyone's, on a desk without a team).
    public var owners: ImportOwners?
    public var now: Date
    /// Time zones and sources already looked up (a large file repeats a few of each).
    private var zones: [String: TimeZone?] = [:]
    private var sources: [String: LeadSource] = [:]

    public init(defaultOwner: RepName, defaultTimeZone: String, now: Date) {
        self.defaultOwner = defaultOwner
        self.defaultTimeZone = defaultTimeZone
        self.now = now
    }

    public mutating func validate(_ raw: RawLead) -> Result<LeadDraft, RowRejection> {
        do {
            return .success(try draft(raw))
        } catch {
            return .failure(RowRejection(line: raw.line, reason: error.reason, cells: raw.cells))
        }
    }

    private mutating func draft(_ raw: RawLead) throws(RowProblem) -> LeadDraft {
        if raw.extraCells > 0 {
            throw RowProblem("\(raw.cells.count) cells but the header has \(raw.expectedCells) columns (a stray delimiter or quote?)")
        }
        for field in ImportField.allCases {
            for value in raw.values[field] ?? [] where value.count > Self.maxFieldLength {
                throw RowProblem("\(field) is \(value.count) characters long (at most \(Self.maxFieldLength))")
            }
        }
        let name = personName(raw)
        guard !name.isEmpty else { throw RowProblem("no name (give a name, first-name, last-name or company column)") }

        var phones: [PhoneNumber] = []
        var seen: Set<String> = []
        var unusable: String?
        for field in [ImportField.mobile, .phone, .otherPhones] {
            for cell in raw.values[field] ?? [] {
                for number in Self.splitNumbers(cell, several: field == .otherPhones) {
                    let phone = PhoneNumber(number, label: field.phoneLabel ?? "phone")
                    guard let key = DuplicateIndex.phoneKey(phone.number), phone.hasEnoughDigits else {
                        unusable = unusable ?? number
                        continue
                    }
                    guard seen.insert(key).inserted else { continue }
                    phones.append(phone)
                }
            }
        }
        let email = raw.value(.email)
        if let email, !Self.looksLikeEmail(email) { throw RowProblem("email '\(email)' is not an email address") }
        guard !phones.isEmpty || email != nil else {
            if let unusable {
                throw RowProblem("phone '\(unusable)' has too few digits (at least \(PhoneNumber.minimumDigits)), and there is no email to reach them")
            }
            throw RowProblem("no phone or email to reach them")
        }

        let ownerText = raw.value(.owner)
        let owner = ownerText.map { RepName($0) } ?? defaultOwner
        guard owner.isValid else {
            throw RowProblem("owner '\(ownerText ?? "")' is not a rep name (letters, digits, '-', '_', '.'; at most 32): fix it, or --map the column to ignore")
        }
        if let owners, !owners.allowed.contains(owner) { throw RowProblem("owner '\(owner)': \(owners.explanation)") }
        let zoneID = raw.value(.timeZone) ?? defaultTimeZone
        guard let zone = timeZone(zoneID) else {
            throw RowProblem("unknown time zone '\(zoneID)' (use a name such as Europe/London)")
        }
        var cycleDays = 30
        if let text = raw.value(.cycleDays) {
            guard let days = Int(text), days > 0, days <= 3650 else { throw RowProblem("cycle-days '\(text)' is not a number of days from 1 to 3650") }
            cycleDays = days
        }
        var bestTime = BestTime.anytime
        if let text = raw.value(.bestTime) {
            guard let parsed = ValueVocabulary.bestTime(text) else { throw RowProblem("best-time '\(text)' is not anytime, morning, afternoon or evening") }
            bestTime = parsed
        }
        var channel = phones.isEmpty ? Channel.email : .phone
        if let text = raw.value(.channel) {
            guard let parsed = ValueVocabulary.channel(text) else {
                throw RowProblem("channel '\(text)' is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            channel = parsed
        }
        let contact = ContactPoints(phones: phones, email: email, preferredChannel: channel, bestTime: bestTime, timeZoneID: zone.identifier)
        let profile = LeadProfile(
            name: name, company: raw.value(.company) ?? "", contact: contact,
            source: raw.value(.source).map { source($0) } ?? .other, owner: owner,
            interest: raw.value(.interest) ?? "", salesCycleDays: cycleDays)

        var followUp: FollowUp?
        if let text = raw.value(.followUp) {
            let due = try ImportDateParser(timeZone: zone, now: now).parse(text, field: ImportField.followUp.rawValue).get()
            var kind = FollowUpKind.manual
            if let kindText = raw.value(.followUpKind) {
                guard let parsed = FollowUpKind(rawValue: kindText.lowercased()) else {
                    throw RowProblem("follow-up-kind '\(kindText)' is not one of \(FollowUpKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                kind = parsed
            }
            followUp = FollowUp(due: due, kind: kind, channel: channel, purpose: raw.value(.followUpPurpose) ?? "follow-up from the imported list")
        }
        let status = raw.value(.status)
        return LeadDraft(
            line: raw.line, profile: profile, wants: raw.value(.wants) ?? "", holdingBack: raw.value(.holdingBack) ?? "",
            notes: raw.values[.notes] ?? [], status: status, doNotContact: status.map(ValueVocabulary.meansDoNotContact) ?? false,
            followUp: followUp, cells: raw.cells)
    }

    private mutating func timeZone(_ identifier: String) -> TimeZone? {
        if let known = zones[identifier] { return known }
        let zone = TimeZone(identifier: identifier)
        zones[identifier] = zone
        return zone
    }

    private mutating func source(_ text: String) -> LeadSource {
        if let known = sources[text] { return known }
        let source = ValueVocabulary.source(text)
        sources[text] = source
        return source
    }

    /// The name: a full-name column, else first and last name, else the company.
    private func personName(_ raw: RawLead) -> String {
        if let name = raw.value(.name) { return name }
        let parts = [raw.value(.firstName), raw.value(.lastName)].compactMap { $0 }
        if !parts.isEmpty { return parts.joined(separator: " ") }
        return raw.value(.company) ?? ""
    }

    /// Numbers in a cell: one, or several separated by `;`, `|` or a line break for an "other phones" cell.
    static func splitNumbers(_ cell: String, several: Bool) -> [String] {
        guard several else { return [cell] }
        return cell.split(whereSeparator: { $0 == ";" || $0 == "|" || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A plain shape check: one `@`, something before it, a dot in the domain, no spaces.
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || $0.isNewline || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }
    }
}

/// Whose calendars an import may write into: a rep their own and the pool's, a manager anyone on the
/// team and the pool. A record for anyone else is rejected, with `explanation` as its reason.
public struct ImportOwners: Equatable, Sendable {
    public var allowed: Set<RepName>
    /// Why other owners are refused ("a rep imports only into their own calendar ...").
    public var explanation: String

    public init(allowed: Set<RepName>, explanation: String) {
        self.allowed = allowed
        self.explanation = explanation
    }
}
