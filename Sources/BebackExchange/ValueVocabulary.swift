import BebackDomain

/// The words CRM exports use for lead sources, channels, best times and statuses, matched to Beback's.
public enum ValueVocabulary {
    /// The source a CRM's "Lead Source" stands for; `other` when nothing fits.
    public static func source(_ text: String) -> LeadSource {
        let key = HeaderMapping.normalize(text)
        if let exact = LeadSource.allCases.first(where: { HeaderMapping.normalize($0.rawValue) == key }) { return exact }
        let table: [(LeadSource, [String])] = [
            (.website, ["web", "webform", "online", "internet", "webinquiry", "contactform", "landingpage", "webpage"]),
            (.referral, ["referral", "referred", "partner", "partnerreferral", "employeereferral", "externalreferral", "wordofmouth", "customerreferral"]),
            (.walkIn, ["walkin", "showroom", "store", "instore", "counter", "visit"]),
            (.search, ["google", "seo", "ppc", "adwords", "googleads", "searchengine", "bing", "paidsearch", "organicsearch"]),
            (.directMail, ["mail", "mailing", "directmail", "postcard", "letter", "catalogue", "catalog"]),
            (.social, ["socialmedia", "facebook", "linkedin", "twitter", "instagram", "tiktok", "x"]),
            (.networking, ["event", "tradeshow", "conference", "seminar", "expo", "fair", "meetup"]),
            (.phone, ["phoneinquiry", "coldcall", "call", "inboundcall", "telephone", "phonecall"])
        ]
        for (source, words) in table where words.contains(key) { return source }
        return .other
    }

    /// A preferred channel, or nil when the word is not one.
    public static func channel(_ text: String) -> Channel? {
        let key = HeaderMapping.normalize(text)
        if let exact = Channel.allCases.first(where: { HeaderMapping.normalize($0.rawValue) == key }) { return exact }
        switch key {
        case "call", "telephone", "tel", "mobile", "cell": return .phone
        case "mail", "emailaddress": return .email
        case "sms", "textmessage", "whatsapp", "message": return .text
        case "post", "letter", "postal": return .mail
        case "visit", "meeting", "person", "facetoface": return .inPerson
        default: return nil
        }
    }

    /// A best time to call, or nil when the word is not one.
    public static func bestTime(_ text: String) -> BestTime? {
        let key = HeaderMapping.normalize(text)
        if let exact = BestTime(rawValue: key) { return exact }
        switch key {
        case "any", "anytime", "allday", "": return .anytime
        case "am": return .morning
        case "pm", "lunch", "midday": return .afternoon
        case "night", "evenings", "afterwork": return .evening
        default: return nil
        }
    }

    /// Whether a CRM status means the person must not be contacted.
    public static func meansDoNotContact(_ status: String) -> Bool {
        ["donotcontact", "dnc", "donotcall", "optedout", "optout", "unsubscribed", "blocked"].contains(HeaderMapping.normalize(status))
    }

    /// Whether a CRM status says nothing beyond "a new lead".
    public static func meansNew(_ status: String) -> Bool {
        ["new", "open", "opennotcontacted", "notcontacted", "fresh", "untouched", "lead", "subscriber"].contains(HeaderMapping.normalize(status))
    }

    /// How a CRM status or lifecycle stage closes a lead: won (`Closed - Converted`, `customer`), or
    /// lost with a reason (`Closed - Not Converted`, `unqualified`, `Junk Lead`); nil: still open.
    public static func closing(_ status: String) -> (outcome: Disposition, reason: LostReason?)? {
        switch HeaderMapping.normalize(status) {
        case "won", "closedwon", "converted", "closedconverted", "customer", "evangelist", "wonconverted":
            return (.won, nil)
        case "unqualified", "notqualified", "disqualified", "closedunqualified":
            return (.lost, .noNeed)
        case "badtiming", "closedbadtiming":
            return (.lost, .timing)
        case "lost", "closedlost", "lostlead", "closednotconverted", "notconverted", "junk", "junklead", "spam", "closed", "dead":
            return (.lost, .other)
        default:
            return nil
        }
    }

    /// Whether a flag cell is set: `true`, `yes`, `1`, `x` (and `ja`, `wahr`, `oui`, `vrai`, `sí` from localised spreadsheets).
    public static func isSet(_ flag: String) -> Bool {
        ["true", "yes", "y", "1", "x", "on", "checked", "ja", "wahr", "oui", "vrai", "si", "sí", "optedout", "unsubscribed"]
            .contains(HeaderMapping.normalize(flag).isEmpty ? flag.lowercased() : HeaderMapping.normalize(flag))
    }
}
