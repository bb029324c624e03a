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
    /// Who an owner column's names and emails are (nil: a desk without a team, rep names as typed).
    public var ownerDirectory: OwnerDirectory?
    /// The summary's word for records whose owner was not a rep.
    public static let unknownOwnerTally = "owner not a rep (given to the fallback)"
    /// The summary's words for leads a do-not-call flag blocked (calls and texts) and an opt-out blocked (email).
    public static let blockedCallsTally = "blocked calls and texts (do not call)"
    public static let blockedEmailTally = "blocked email (opted out)"
    /// ... and a lead that blocked texts only (a Blocked Channels cell of a Beback export saying `text`).
    public static let blockedTextsTally = "blocked texts only"
    /// A "next activity" date older than this many days is not kept as an overdue follow-up (the desk's reclaim window).
    public var oldActivityDays = 7
    /// Whether a Beback export's history is written back at its own times: a manager's import, or on a
    /// desk without a team. A rep's import of an export gets fresh leads (a rep does not write the past:
    /// the practice audits count on the touches' times).
    public var keepsHistory = true
    /// The summary's word for export rows whose history a rep's import left out.
    public static let historyLeftOutTally = "history left out (only a manager's import, --manager, writes a lead's past)"
    /// How phone numbers are normalised (the desk's country for national numbers).
    public var phones = PhoneNormalizer(country: nil)
    /// Time zones and sources already looked up (a large file repeats a few of each).
    private var zones: [String: TimeZone?] = [:]
    private var sources: [String: LeadSource] = [:]
    /// The zone of a calling code's country by the first four bytes of an E.164 key (`+442`).
    private var countryZones: [String: String?] = [:]

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
        var raw = raw
        var cutWarnings: [String] = []
        if raw.extraCells > 0 {
            throw RowProblem("\(raw.cells.count) cells but the header has \(raw.expectedCells) columns (a stray delimiter or quote?)")
        }
        for (field, values) in raw.values where values.contains(where: { !ASCIIText.countIsAtMost($0, Self.maxFieldLength) }) {
            if field == .notes {
                // A long note is kept whole, as several notes.
                raw.values[field] = values.flatMap(Self.chunks)
                continue
            }
            raw.values[field] = values.map { value in
                guard value.count > Self.maxFieldLength else { return value }
                cutWarnings.append("\(field) is \(value.count) characters long: cut to \(Self.maxFieldLength)")
                return String(value.prefix(Self.maxFieldLength))
            }
        }
        let name = personName(raw)
        guard !name.isEmpty else { throw RowProblem("no name (give a name, first-name, last-name or company column)") }
        var lostLetters: String?
        // Only a text holding two `?` bytes in a row can hold "??".
        if ASCIIText.contains(name, "??"), name.contains("??") {
            lostLetters = "name '\(name)' has '?' where letters were: the file was saved in an encoding that lost them (export it again as UTF-8)"
        }

        var warnings: [String] = cutWarnings + (lostLetters.map { [$0] } ?? [])
        var tally: [String] = []
        var extraNotes: [String] = []
        var phones: [PhoneNumber] = []
        var seen: Set<String> = []
        var phoneKeys: [String] = []
        var unusable: (number: String, problem: PhoneNormalizer.Problem)?
        for field in [ImportField.mobile, .phone, .otherPhones] {
            for (offset, cell) in (raw.values[field] ?? []).enumerated() {
                let cellLabel = raw.labels[field].flatMap { offset < $0.count ? $0[offset] : nil } ?? field.phoneLabel ?? "phone"
                let numbers = Self.splitValues(cell)
                let cellLabels = Self.splitValues(cellLabel).map(Self.phoneLabel)
                for (position, number) in numbers.enumerated() {
                    let label = cellLabels.count == numbers.count ? cellLabels[position] : cellLabels.first ?? "phone"
                    if label == "fax" {
                        extraNotes.append("fax: \(number)")
                        continue
                    }
                    switch self.phones.normalize(number) {
                    case .failure(let problem):
                        if unusable == nil { unusable = (number, problem) }
                        warnings.append("\(label) '\(number)' \(problem)")
                    case .success(let key):
                        guard seen.insert(key).inserted else { continue }
                        phones.append(PhoneNumber(number, label: label))
                        phoneKeys.append(key)
                    }
                }
            }
        }
        var email: String?
        for cell in raw.values[.email] ?? [] {
            for address in Self.splitValues(cell, spaces: true) {
                if !Self.looksLikeEmail(address) {
                    warnings.append("email '\(address)' is not an email address")
                } else if email == nil {
                    email = address
                } else if address.lowercased() != email?.lowercased() {
                    extraNotes.append("other email: \(address)")
                }
            }
        }
        guard !phones.isEmpty || email != nil else {
            if let unusable { throw RowProblem("phone '\(unusable.number)' \(unusable.problem), and there is no email to reach them") }
            if let warning = warnings.first { throw RowProblem("\(warning), and there is no phone to reach them") }
            throw RowProblem("no phone or email to reach them")
        }
        var owner = defaultOwner
        if let ownerText = raw.value(.owner) {
            let directory = ownerDirectory ?? OwnerDirectory(members: [], fallback: defaultOwner, openDesk: true)
            let (found, warning) = directory.resolve(ownerText)
            owner = found
            if let warning {
                warnings.append(warning)
                tally.append(Self.unknownOwnerTally)
            }
        }
        if let owners, !owners.allowed.contains(owner) { throw RowProblem("owner '\(owner)': \(owners.explanation)") }
        var zone = timeZone(defaultTimeZone) ?? TimeZone(identifier: "UTC")!
        if let text = raw.value(.timeZone) {
            if let found = timeZone(text) {
                zone = found
            } else {
                warnings.append("time zone '\(text)' is not a zone name (such as Europe/London)")
                if let found = numberZone(phoneKeys) { zone = found }
            }
        } else if let found = numberZone(phoneKeys) {
            zone = found
        }
        var cycleDays = 30
        if let text = raw.value(.cycleDays) {
            if let days = Int(text), days > 0, days <= 3650 {
                cycleDays = days
            } else {
                warnings.append("cycle-days '\(text)' is not a number of days from 1 to 3650")
            }
        }
        var bestTime = BestTime.anytime
        if let text = raw.value(.bestTime) {
            if let parsed = ValueVocabulary.bestTime(text) {
                bestTime = parsed
            } else {
                warnings.append("best-time '\(text)' is not anytime, morning, afternoon or evening")
            }
        }
        var channel = phones.isEmpty ? Channel.email : .phone
        if let text = raw.value(.channel) {
            if let parsed = ValueVocabulary.channel(text) {
                channel = parsed
            } else {
                warnings.append("channel '\(text)' is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let contact = ContactPoints(phones: phones, email: email, preferredChannel: channel, bestTime: bestTime, timeZoneID: zone.identifier)
        var profile = LeadProfile(
            name: name, company: raw.value(.company) ?? "", contact: contact,
            source: raw.value(.source).map { source($0) } ?? .other, owner: owner,
            interest: raw.value(.interest) ?? "", salesCycleDays: cycleDays)

        var followUp: FollowUp?
        let notes = (raw.values[.notes] ?? []) + extraNotes
        var planningNotes: [String] = []
        let isExport = raw.value(.captured) != nil && keepsHistory
        let listedBlocks = Self.blockedChannels(raw.value(.blockedChannels), warnings: &warnings)
        if !keepsHistory, raw.value(.captured) != nil, raw.value(.history) != nil || raw.value(.noteLog) != nil {
            tally.append(Self.historyLeftOutTally)
        }
        if !isExport, let text = raw.value(.followUp) {
            switch ImportDateParser(timeZone: zone, now: now).parse(text, field: ImportField.followUp.rawValue) {
            case .failure(let problem):
                warnings.append(problem.reason + ": the cadence's first follow-up is kept")
            case .success(let due) where due < now.addingTimeInterval(-Double(oldActivityDays) * 86_400):
                planningNotes.append("imported with an old activity date (\(text)): given the cadence's first follow-up instead")
                tally.append("old activity dates replaced by a first follow-up")
            case .success(let due):
                var kind = FollowUpKind.manual
                if let kindText = raw.value(.followUpKind) {
                    if let parsed = FollowUpKind(rawValue: kindText.lowercased()) {
                        kind = parsed
                    } else {
                        warnings.append("follow-up-kind '\(kindText)' is not one of \(FollowUpKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                var nextChannel = channel
                if let channelText = raw.value(.followUpChannel) {
                    if let parsed = ValueVocabulary.channel(channelText) {
                        nextChannel = parsed
                    } else {
                        warnings.append("follow-up-channel '\(channelText)' is not one of \(Channel.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                followUp = FollowUp(
                    due: due, kind: kind, channel: nextChannel, purpose: raw.value(.followUpPurpose) ?? "follow-up from the imported list")
            }
        }
        if isExport {
            // A Beback export: the lead comes back as it was, its history and next step included.
            var history = ExportedHistory.read({ raw.value($0) }, warnings: &warnings)
            history.next = exportedNext(raw, warnings: &warnings)
            let closedByHistory = history.touches.contains { $0.touch.outcome == .doNotContact }
            if closedByHistory { tally.append("do not contact") }
            var draft = LeadDraft(
                line: raw.line, profile: profile, wants: raw.value(.wants) ?? "", holdingBack: raw.value(.holdingBack) ?? "",
                notes: extraNotes, doNotContact: closedByHistory, cells: raw.cells, warnings: warnings, tally: tally)
            draft.history = history
            if !listedBlocks.isEmpty {
                draft.blockedChannels = listedBlocks
                draft.blockReason = "imported: blocked in the exported desk"
                tally += Self.blockTallies(listedBlocks)
            }
            return draft
        }
        // A CRM may give a lifecycle stage and a lead status: any of them may close the lead.
        let statuses = raw.values[.status] ?? []
        let told = statuses.filter { !ValueVocabulary.meansNew($0) }
        let status = told.isEmpty ? statuses.first : told.joined(separator: ", ")
        var doNotContact = statuses.contains(where: ValueVocabulary.meansDoNotContact)
        let doNotCall = raw.value(.doNotCall).map(ValueVocabulary.isSet) ?? false
        let emailOptOut = raw.value(.emailOptOut).map(ValueVocabulary.isSet) ?? false
        // "Do not call" blocks calls and texts (a text reaches the same phone); an email opt-out blocks email.
        var blocked = listedBlocks
        var why: [String] = listedBlocks.isEmpty ? [] : [ChannelBlock.describe(listedBlocks)]
        if doNotCall {
            blocked.formUnion(ChannelBlock.doNotCall)
            why.append("do not call")
        }
        if emailOptOut {
            blocked.insert(.email)
            why.append("opted out of email")
        }
        tally += Self.blockTallies(blocked)
        if !blocked.isEmpty {
            if ChannelBlocking.leavesNoWay(blocked, contact: profile.contact) || ChannelBlocking.reachable(profile.contact).isEmpty {
                // No way left to reach them: the lead is do-not-contact as a whole (and says which flags made it so).
                doNotContact = true
            } else if let open = ChannelBlocking.allowed(profile.contact.preferredChannel, contact: profile.contact, blocked: blocked) {
                profile.contact.preferredChannel = open
                if let next = followUp?.channel, let allowed = ChannelBlocking.allowed(next, contact: profile.contact, blocked: blocked) {
                    followUp?.channel = allowed
                }
            }
        }
        if doNotContact { tally.append("do not contact") }
        let closing =
            doNotContact ? nil : statuses.lazy.compactMap(ValueVocabulary.closing).first.map { ImportedClosing(outcome: $0.outcome, reason: $0.reason) }
        var draft = LeadDraft(
            line: raw.line, profile: profile, wants: raw.value(.wants) ?? "", holdingBack: raw.value(.holdingBack) ?? "",
            notes: notes, status: status, doNotContact: doNotContact, closing: closing,
            followUp: followUp, cells: raw.cells, warnings: warnings, tally: tally)
        draft.planningNotes = planningNotes
        draft.blockedChannels = blocked
        draft.blockReason = why.isEmpty ? "" : "imported: " + why.joined(separator: ", ")
        return draft
    }

    /// The next step of a Beback export row, exactly as exported (an old due time stays: it was overdue there).
    private func exportedNext(_ raw: RawLead, warnings: inout [String]) -> FollowUp? {
        guard let text = raw.value(.followUp) else { return nil }
        guard let due = ExportCell.timestamp(text) else {
            warnings.append("follow-up '\(text)' is not a time such as 2026-11-24T10:42:00Z: nothing is planned")
            return nil
        }
        let kind = raw.value(.followUpKind).flatMap { FollowUpKind(rawValue: $0) } ?? .manual
        let channel = raw.value(.followUpChannel).flatMap(ValueVocabulary.channel) ?? .phone
        return FollowUp(due: due, kind: kind, channel: channel, purpose: raw.value(.followUpPurpose) ?? "follow-up from the imported list")
    }

    /// The channels a Blocked Channels cell names (`phone; text; email`); a word that names no
    /// blockable channel is left out with a warning.
    static func blockedChannels(_ cell: String?, warnings: inout [String]) -> Set<Channel> {
        guard let cell else { return [] }
        var channels: Set<Channel> = []
        for word in cell.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "|" }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            if let channel = ValueVocabulary.channel(word), ChannelBlock.blockable.contains(channel) {
                channels.insert(channel)
            } else {
                warnings.append("blocked-channels '\(word)' is not one of \(ChannelBlock.blockable.map(\.rawValue).joined(separator: ", "))")
            }
        }
        return channels
    }

    /// The summary's words for a lead blocked on `channels`: calls (and texts), email.
    static func blockTallies(_ channels: Set<Channel>) -> [String] {
        var words: [String] = []
        if channels.contains(.phone) {
            words.append(blockedCallsTally)
        } else if channels.contains(.text) {
            words.append(blockedTextsTally)
        }
        if channels.contains(.email) { words.append(blockedEmailTally) }
        return words
    }

    /// A zone by IANA name, or a HubSpot code (`america_slash_new_york`), case ignored.
    private mutating func timeZone(_ identifier: String) -> TimeZone? {
        if let known = zones[identifier] { return known }
        let zone =
            TimeZone(identifier: identifier) ?? TimeZone(identifier: Self.titleCased(Self.zoneKey(identifier)))
            ?? Self.zoneNames[Self.zoneKey(identifier)].flatMap { TimeZone(identifier: $0) }
        zones[identifier] = zone
        return zone
    }

    /// The zone of the first phone's country, when that country has a single zone, from the
    /// phones' keys (`PhoneNormalizer.key`).
    private mutating func numberZone(_ keys: [String]) -> TimeZone? {
        for e164 in keys where e164.hasPrefix("+") {
            // A key with `+` has at least four digits: its country is told by the first three.
            let code = String(decoding: e164.utf8.prefix(4), as: UTF8.self)
            let zoneID: String?
            if let known = countryZones[code] {
                zoneID = known
            } else {
                zoneID = CallingCountry.of(e164: e164)?.timeZoneID
                countryZones[code] = zoneID
            }
            guard let zoneID else { continue }
            return timeZone(zoneID)
        }
        return nil
    }

    /// `america/new_york` as `America/New_York`.
    static func titleCased(_ key: String) -> String {
        key.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.split(separator: "_", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "_")
        }.joined(separator: "/")
    }

    static func zoneKey(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "_slash_", with: "/").replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    /// IANA names by `zoneKey`, for codes written another way.
    static let zoneNames: [String: String] = {
        var table: [String: String] = [:]
        for name in TimeZone.knownTimeZoneIdentifiers { table[zoneKey(name)] = name }
        return table
    }()

    private mutating func source(_ text: String) -> LeadSource {
        if let known = sources[text] { return known }
        let source = ValueVocabulary.source(text)
        sources[text] = source
        return source
    }

    /// The name: a full-name column, else first and last name, else the company.
    private func personName(_ raw: RawLead) -> String {
        if let name = raw.value(.name) { return name }
        switch (raw.value(.firstName), raw.value(.lastName)) {
        case (let first?, let last?): return first + " " + last
        case (let first?, nil): return first
        case (nil, let last?): return last
        case (nil, nil): return raw.value(.company) ?? ""
        }
    }

    /// The values of a multi-value cell: CRMs join several numbers or emails with `, ` (Pipedrive),
    /// ` ::: ` (Google), `;`, `|` or a line break. A comma without a space stays (`4,36641E+11` is one
    /// value); with `spaces`, any comma or space separates (emails hold neither).
    static func splitValues(_ cell: String, spaces: Bool = false) -> [String] {
        let separates: (UInt8) -> Bool = { byte in
            switch byte {
            case 0x2C, 0x3B, 0x7C, 0x3A, 0x0A, 0x0D: return true
            case 0x20, 0x09: return spaces
            default: return false
            }
        }
        if !cell.utf8.contains(where: separates) {
            let trimmed = cell.trimmedCell
            return trimmed.isEmpty ? [] : [trimmed]
        }
        let unified = cell.replacingOccurrences(of: ":::", with: ";").replacingOccurrences(of: ", ", with: ";")
        return unified.split(whereSeparator: { $0 == ";" || $0 == "|" || $0.isNewline || (spaces && ($0 == "," || $0 == " ")) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A text cut into pieces of at most `maxFieldLength` characters, at a line break or space where one is near.
    static func chunks(_ text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.count > maxFieldLength {
            var end = rest.index(rest.startIndex, offsetBy: maxFieldLength)
            if let space = rest[..<end].lastIndex(where: { $0 == " " || $0 == "\n" }), rest.distance(from: rest.startIndex, to: space) > maxFieldLength / 2 {
                end = rest.index(after: space)
            }
            pieces.append(String(rest[..<end]).trimmingCharacters(in: .whitespacesAndNewlines))
            rest = rest[end...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }

    /// A phone type as a label: lower case, Google's primary mark `* ` dropped, any kind of fax `fax`.
    static func phoneLabel(_ type: String) -> String {
        if let first = type.utf8.first, first >= 0x61, first <= 0x7A, type.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
            return ASCIIText.contains(type, "fax") ? "fax" : type
        }
        let label = type.trimmingCharacters(in: CharacterSet(charactersIn: "* ")).lowercased()
        return label.contains("fax") ? "fax" : label.isEmpty ? "phone" : label
    }

    /// A plain shape check: one `@`, something before it, a dot in the domain, no spaces.
    static func looksLikeEmail(_ text: String) -> Bool {
        ASCIIText.isLatinText(text) ? looksLikeASCIIEmail(text) : looksLikeEmailByCharacters(text)
    }

    /// `looksLikeEmail` character by character, for any text.
    static func looksLikeEmailByCharacters(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || $0.isNewline || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }
    }

    /// `looksLikeEmail` on the bytes of an ASCII or Latin text (`ASCIIText.isLatinText`): each ASCII
    /// byte is a character there, and the bytes of a Latin letter are none of those checked.
    static func looksLikeASCIIEmail(_ text: String) -> Bool {
        var at: Int?
        var lastDot: Int?
        var dotAfterAt = false
        var count = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "@"):
                guard at == nil else { return false }
                at = count
            case UInt8(ascii: "."):
                if at != nil { dotAfterAt = true }
                lastDot = count
            // ASCII white space and line breaks (tab to carriage return, space), and the separators.
            case 0x09...0x0D, 0x20, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                return false
            default:
                break
            }
            count += 1
        }
        // Something before the `@`, a dot in the domain but not at its start or end.
        guard let at, at > 0, dotAfterAt, lastDot != count - 1 else { return false }
        let domainStart = text.utf8.index(text.utf8.startIndex, offsetBy: at + 1)
        return text.utf8[domainStart] != UInt8(ascii: ".")
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
