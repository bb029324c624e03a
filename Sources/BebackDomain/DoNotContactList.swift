/// Numbers nobody may call: every number of a lead marked do-not-contact.
public enum DoNotContactList {
    /// The lead marked do-not-contact that holds `number`, if any (matched on the last nine digits,
    /// so "+44 20 7946 0003" and "020 7946 0003" are the same line).
    public static func holder(of number: String, in state: DeskState) -> LeadState? {
        let key = digitsKey(number)
        guard key.count >= 6 else { return nil }
        return state.leads.values.first { lead in
            lead.doNotContact && lead.profile.contact.phones.contains { digitsKey($0.number) == key }
        }
    }

    public static func digitsKey(_ number: String) -> String {
        String(number.filter { $0.isASCII && $0.isNumber }.suffix(9))
    }
}
