import BebackDomain

/// Fills the gaps of one lead's details with another's, never overwriting what is there: more
/// phone numbers, and the email, company or interest when they are empty.
public enum ProfileMerger {
    /// Merges `other` into `profile`; returns whether anything changed.
    @discardableResult
    public static func merge(
        _ other: LeadProfile, into profile: inout LeadProfile, phones: PhoneNormalizer = PhoneNormalizer(country: nil)
    ) -> Bool {
        let before = profile
        let index = DuplicateIndex(normalizer: phones)
        var keys = Set(profile.contact.phones.compactMap { index.key($0.number) })
        for phone in other.contact.phones {
            guard let key = index.key(phone.number), keys.insert(key).inserted else { continue }
            profile.contact.phones.append(phone)
        }
        if (profile.contact.email ?? "").isEmpty, let email = other.contact.email, !email.isEmpty { profile.contact.email = email }
        if profile.company.isEmpty { profile.company = other.company }
        if profile.interest.isEmpty { profile.interest = other.interest }
        return profile != before
    }

    /// Merges a later duplicate record into an earlier one of the same file.
    public static func merge(_ other: LeadDraft, into draft: inout LeadDraft, phones: PhoneNormalizer = PhoneNormalizer(country: nil)) {
        merge(other.profile, into: &draft.profile, phones: phones)
        if draft.wants.isEmpty { draft.wants = other.wants }
        if draft.holdingBack.isEmpty { draft.holdingBack = other.holdingBack }
        for note in other.notes where !draft.notes.contains(note) { draft.notes.append(note) }
        if draft.status == nil { draft.status = other.status }
        if draft.followUp == nil { draft.followUp = other.followUp }
        draft.doNotContact = draft.doNotContact || other.doNotContact
        if !other.blockedChannels.isSubset(of: draft.blockedChannels) {
            draft.blockedChannels.formUnion(other.blockedChannels)
            draft.blockReason = [draft.blockReason, other.blockReason].filter { !$0.isEmpty }.joined(separator: "; ")
        }
    }
}
