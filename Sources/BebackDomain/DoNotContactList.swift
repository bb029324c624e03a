import Foundation

/// The desk-wide do-not-contact list: every phone number and email address of a lead marked
/// do-not-contact, with the lead that holds it. Phone numbers match on their last nine digits (so
/// "+44 20 7946 0003" and "020 7946 0003" are the same line), addresses trimmed and in lower case.
/// Built once from a desk (only leads no longer open are read: a closed lead's history is decoded
/// once, an open one's never), then kept up to date lead by lead as entries fold.
public struct DoNotContactList: Equatable, Sendable {
    /// One normalized entry of the list.
    public enum Entry: Hashable, Sendable, CustomStringConvertible {
        /// The last nine digits of a number.
        case phone(String)
        /// An address, trimmed and lower-cased.
        case email(String)

        var sortKey: String {
            switch self {
            case .phone(let digits): return "0" + digits
            case .email(let address): return "1" + address
            }
        }

        public var description: String {
            switch self {
            case .phone(let digits): return "…\(digits)"
            case .email(let address): return address
            }
        }
    }

    /// A number or address found on the list, and who holds it.
    public struct Match: Equatable, Sendable {
        /// The number or address as it was given.
        public var given: String
        public var entry: Entry
        public var holder: LeadID
    }

    private var holders: [Entry: LeadID] = [:]
    private var entriesByLead: [LeadID: [Entry]] = [:]

    /// An empty list.
    public init() {}

    /// The list of a whole desk, read once (a desk opened on part of a snapshot reads the leads of
    /// the other parts that the snapshot says are on the list).
    public init(state: DeskState) {
        for id in state.leads.ids where state.leads.summary(id)?.isOpen == false { update(id, in: state) }
        for id in state.leads.doNotContactLeadsOutside { update(id, in: state) }
    }

    /// How many entries the list has.
    public var count: Int { holders.count }

    /// Refreshes one lead's entries after entries about it folded (it may have been marked, edited, or removed).
    public mutating func update(_ id: LeadID, in state: DeskState) {
        for entry in entriesByLead.removeValue(forKey: id) ?? [] where holders[entry] == id { holders[entry] = nil }
        let entries: [Entry] = state.leads.read(id) { lead in Self.listedEntries(of: lead) } ?? []
        guard !entries.isEmpty else { return }
        entriesByLead[id] = entries
        for entry in entries where holders[entry] == nil { holders[entry] = id }
    }

    /// The lead holding this entry, if it is on the list.
    public func holder(of entry: Entry) -> LeadID? { holders[entry] }

    /// The lead holding this phone number, if it is on the list (numbers of fewer than six digits never match).
    public func holder(ofPhone number: String) -> LeadID? { Self.phoneEntry(number).flatMap { holders[$0] } }

    /// The first number or address of `contact` on the list, held by a lead other than `except`.
    public func match(_ contact: ContactPoints, except: LeadID? = nil) -> Match? {
        // Most desks have nobody on the list: nothing to normalise then.
        guard !holders.isEmpty else { return nil }
        var given: [(String, Entry)] = contact.phones.compactMap { phone in Self.phoneEntry(phone.number).map { (phone.number, $0) } }
        if let email = contact.email, let entry = Self.emailEntry(email) { given.append((email, entry)) }
        for (text, entry) in given {
            if let holder = holders[entry], holder != except { return Match(given: text, entry: entry, holder: holder) }
        }
        return nil
    }

    /// Every entry the list holds, with the lead holding it, in a steady order (numbers, then addresses).
    public var entries: [(entry: Entry, holder: LeadID)] {
        holders.map { (entry: $0.key, holder: $0.value) }.sorted { $0.entry.sortKey < $1.entry.sortKey }
    }

    /// The entries `lead` puts on the list: its numbers and address when it asked not to be
    /// contacted, less those a manager lifted.
    public static func listedEntries(of lead: LeadState) -> [Entry] {
        guard lead.doNotContact else { return [] }
        return entries(of: lead.profile.contact).filter { !lead.liftedContacts.contains($0) }
    }

    /// A number or an address as the list keeps it: an address when it holds "@", else a number.
    public static func entry(_ text: String) -> Entry? {
        text.contains("@") ? emailEntry(text) : phoneEntry(text)
    }

    /// Every normalized entry of a lead's contact points.
    public static func entries(of contact: ContactPoints) -> [Entry] {
        contact.phones.compactMap { phoneEntry($0.number) } + (contact.email.flatMap(emailEntry).map { [$0] } ?? [])
    }

    /// A number as the list keeps it (nil when it has fewer than six digits).
    public static func phoneEntry(_ number: String) -> Entry? {
        let key = digitsKey(number)
        return key.count >= 6 ? .phone(key) : nil
    }

    /// An address as the list keeps it (nil when empty).
    public static func emailEntry(_ address: String) -> Entry? {
        let trimmed = ASCIIText.hasNothingToTrim(address) ? address : address.trimmingCharacters(in: .whitespacesAndNewlines)
        let key = trimmed.lowercased()
        return key.isEmpty ? nil : .email(key)
    }

    public static func digitsKey(_ number: String) -> String {
        if ASCIIText.isASCII(number) { return String(decoding: number.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }.suffix(9), as: UTF8.self) }
        return String(number.filter { $0.isASCII && $0.isNumber }.suffix(9))
    }
}
