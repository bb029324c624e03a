/// A country as a phone number knows it: its ISO 3166 code, its international calling code, the
/// trunk prefix dialled before a national number (`0` in Britain, `1` in North America), and the
/// time zone of a number there when the country has one.
public struct CallingCountry: Equatable, Sendable {
    /// ISO 3166-1 alpha-2, upper case (`GB`).
    public let code: String
    /// The calling code's digits (`44`).
    public let callingCode: String
    /// The national trunk prefix, dropped in international form (`0`); nil where there is none.
    public let trunkPrefix: String?
    /// Whether the trunk prefix stays in international form (Italy: `06…` is `+39 06…`).
    public let keepsTrunkPrefix: Bool
    /// The prefix dialled to call abroad (`00`, `011` in North America).
    public let internationalPrefix: String
    /// The country's time zone, when it has only one (nil for the US, Canada, Russia, ...).
    public let timeZoneID: String?

    init(
        _ code: String, _ callingCode: String, trunk: String? = "0", keepsTrunk: Bool = false, international: String = "00",
        zone: String?
    ) {
        self.code = code
        self.callingCode = callingCode
        self.trunkPrefix = trunk
        self.keepsTrunkPrefix = keepsTrunk
        self.internationalPrefix = international
        self.timeZoneID = zone
    }

    /// The country with this ISO code (case ignored; `UK` is taken for `GB`), or nil.
    public init?(code: String) {
        let key = code.uppercased() == "UK" ? "GB" : code.uppercased()
        guard let found = Self.all.first(where: { $0.code == key }) else { return nil }
        self = found
    }

    /// The country of an E.164 number (`+4930…` is DE), by the longest calling code that starts it.
    /// `+1` is North America (US), `+7` Russia.
    public static func of(e164 number: String) -> CallingCountry? {
        guard number.hasPrefix("+") else { return nil }
        let digits = number.dropFirst()
        for length in [3, 2, 1] where digits.count > length {
            let code = String(digits.prefix(length))
            if let found = byCallingCode[code] { return found }
        }
        return nil
    }

    /// The countries Beback knows, the first of each calling code standing for it.
    public static let all: [CallingCountry] = [
        CallingCountry("US", "1", trunk: "1", international: "011", zone: nil),
        CallingCountry("CA", "1", trunk: "1", international: "011", zone: nil),
        CallingCountry("GB", "44", zone: "Europe/London"),
        CallingCountry("IE", "353", zone: "Europe/Dublin"),
        CallingCountry("DE", "49", zone: "Europe/Berlin"),
        CallingCountry("AT", "43", zone: "Europe/Vienna"),
        CallingCountry("CH", "41", zone: "Europe/Zurich"),
        CallingCountry("FR", "33", zone: "Europe/Paris"),
        CallingCountry("BE", "32", zone: "Europe/Brussels"),
        CallingCountry("NL", "31", zone: "Europe/Amsterdam"),
        CallingCountry("LU", "352", trunk: nil, zone: "Europe/Luxembourg"),
        CallingCountry("IT", "39", trunk: "0", keepsTrunk: true, zone: "Europe/Rome"),
        CallingCountry("ES", "34", trunk: nil, zone: "Europe/Madrid"),
        CallingCountry("PT", "351", trunk: nil, zone: "Europe/Lisbon"),
        CallingCountry("DK", "45", trunk: nil, zone: "Europe/Copenhagen"),
        CallingCountry("NO", "47", trunk: nil, zone: "Europe/Oslo"),
        CallingCountry("SE", "46", zone: "Europe/Stockholm"),
        CallingCountry("FI", "358", zone: "Europe/Helsinki"),
        CallingCountry("PL", "48", trunk: nil, zone: "Europe/Warsaw"),
        CallingCountry("CZ", "420", trunk: nil, zone: "Europe/Prague"),
        CallingCountry("HU", "36", trunk: "06", zone: "Europe/Budapest"),
        CallingCountry("GR", "30", trunk: nil, zone: "Europe/Athens"),
        CallingCountry("TR", "90", zone: "Europe/Istanbul"),
        CallingCountry("RU", "7", trunk: "8", international: "810", zone: nil),
        CallingCountry("UA", "380", zone: "Europe/Kyiv"),
        CallingCountry("IL", "972", zone: "Asia/Jerusalem"),
        CallingCountry("AE", "971", zone: "Asia/Dubai"),
        CallingCountry("SA", "966", zone: "Asia/Riyadh"),
        CallingCountry("IN", "91", zone: "Asia/Kolkata"),
        CallingCountry("PK", "92", zone: "Asia/Karachi"),
        CallingCountry("CN", "86", zone: "Asia/Shanghai"),
        CallingCountry("HK", "852", trunk: nil, international: "001", zone: "Asia/Hong_Kong"),
        CallingCountry("TW", "886", zone: "Asia/Taipei"),
        CallingCountry("JP", "81", international: "010", zone: "Asia/Tokyo"),
        CallingCountry("KR", "82", international: "001", zone: "Asia/Seoul"),
        CallingCountry("SG", "65", trunk: nil, international: "000", zone: "Asia/Singapore"),
        CallingCountry("MY", "60", zone: "Asia/Kuala_Lumpur"),
        CallingCountry("TH", "66", international: "001", zone: "Asia/Bangkok"),
        CallingCountry("VN", "84", zone: "Asia/Ho_Chi_Minh"),
        CallingCountry("PH", "63", zone: "Asia/Manila"),
        CallingCountry("ID", "62", international: "001", zone: "Asia/Jakarta"),
        CallingCountry("AU", "61", international: "0011", zone: nil),
        CallingCountry("NZ", "64", zone: "Pacific/Auckland"),
        CallingCountry("ZA", "27", zone: "Africa/Johannesburg"),
        CallingCountry("NG", "234", international: "009", zone: "Africa/Lagos"),
        CallingCountry("KE", "254", international: "000", zone: "Africa/Nairobi"),
        CallingCountry("EG", "20", zone: "Africa/Cairo"),
        CallingCountry("MX", "52", trunk: nil, zone: nil),
        CallingCountry("BR", "55", trunk: "0", zone: nil),
        CallingCountry("AR", "54", zone: "America/Argentina/Buenos_Aires"),
        CallingCountry("CL", "56", trunk: nil, international: "00", zone: "America/Santiago"),
        CallingCountry("CO", "57", trunk: nil, international: "009", zone: "America/Bogota")
    ]

    static let byCallingCode: [String: CallingCountry] = {
        var table: [String: CallingCountry] = [:]
        for country in all where table[country.callingCode] == nil { table[country.callingCode] = country }
        return table
    }()
}
