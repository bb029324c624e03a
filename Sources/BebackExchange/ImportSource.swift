/// A system whose export Beback recognises from the header row alone (HubSpot, Salesforce, Pipedrive,
/// Zoho, Google Contacts, Outlook): its column names and the field each fills, tried before the
/// generic names. A column may also say what kind of phone it holds (`Home Phone` is `home`,
/// `Business Fax` is `fax`, which is never dialled).
public struct ImportSource: Equatable, Sendable {
    /// The name printed with the mapping ("HubSpot contacts").
    public let name: String
    /// Header names (normalised) of which the file must hold all of one set to be this export.
    let signatures: [[String]]
    /// Normalised header name → field and phone label.
    let columns: [String: ImportColumn]

    /// The source whose signature the header matches, the most specific first; nil: a generic file.
    public static func recognise(_ header: [String]) -> ImportSource? {
        let names = Set(header.map(HeaderMapping.normalize))
        if header.contains(where: { $0.hasPrefix("Person - ") }) { return pipedrive }
        return known.first { source in source.signatures.contains { $0.allSatisfy(names.contains) } }
    }

    /// Every recognised export, for `--help` and the README.
    public static let known: [ImportSource] = [beback, salesforceDataLoader, hubSpot, zoho, salesforceReport, pipedrive, googleContacts, outlook]

    /// Beback's own CSV export: with its History column, an import gives each lead back as it was (an
    /// older export, without one, is read by its generic names: its Stage still closes won and lost leads).
    static let beback = ImportSource(
        name: "Beback",
        signatures: [["leadid", "captured", "history", "nextchannel"]],
        columns: [
            "leadid": .ignored, "touches": .ignored, "lasttouch": .ignored, "lastoutcome": .ignored, "mobile": .init(.mobile, "mobile"),
            "phone": .init(.phone), "otherphones": .init(.otherPhones), "stage": .init(.status), "captured": .init(.captured),
            "history": .init(.history), "notes": .init(.noteLog), "agreement": .init(.agreement), "objections": .init(.objections),
            "decisionprocess": .init(.decisionProcess), "feedback": .init(.feedback), "delivered": .init(.delivered),
            "nothingplanned": .init(.unscheduledReason), "blockedchannels": .init(.blockedChannels)
        ])

    static let hubSpot = ImportSource(
        name: "HubSpot contacts",
        signatures: [["recordid", "contactowner"], ["recordid", "lifecyclestage"]],
        columns: [
            "phonenumber": .init(.phone, "work"), "mobilephonenumber": .init(.mobile, "mobile"), "workemail": .init(.email),
            "email": .init(.email), "contactowner": .init(.owner), "lifecyclestage": .init(.status), "leadstatus": .init(.status),
            "companyname": .init(.company), "associatedcompany": .init(.company), "timezone": .init(.timeZone),
            "nextactivitydate": .init(.followUp), "originalsource": .init(.source), "faxnumber": .init(.otherPhones, "fax"),
            "unsubscribedfromallemail": .init(.emailOptOut), "donotcall": .init(.doNotCall), "message": .init(.notes)
        ])

    static let salesforceReport = ImportSource(
        name: "Salesforce leads report",
        signatures: [["leadowner", "companyaccount"], ["leadowner", "leadstatus", "company"]],
        columns: [
            "leadowner": .init(.owner), "companyaccount": .init(.company), "phone": .init(.phone, "work"), "mobile": .init(.mobile, "mobile"),
            "fax": .init(.otherPhones, "fax"), "leadstatus": .init(.status), "description": .init(.notes),
            "emailoptout": .init(.emailOptOut), "donotcall": .init(.doNotCall), "faxoptout": .ignored
        ])

    static let salesforceDataLoader = ImportSource(
        name: "Salesforce Data Loader",
        signatures: [["donotcall", "hasoptedoutofemail"], ["isconverted", "ownerid"], ["hasoptedoutofemail", "ownerid"]],
        columns: [
            "firstname": .init(.firstName), "lastname": .init(.lastName), "phone": .init(.phone, "work"), "mobilephone": .init(.mobile, "mobile"),
            "fax": .init(.otherPhones, "fax"), "status": .init(.status), "ownerid": .init(.owner), "donotcall": .init(.doNotCall),
            "hasoptedoutofemail": .init(.emailOptOut), "hasoptedoutoffax": .ignored, "description": .init(.notes),
            "leadsource": .init(.source), "company": .init(.company), "email": .init(.email)
        ])

    static let zoho = ImportSource(
        name: "Zoho CRM leads",
        signatures: [["leadowner", "emailoptout"], ["leadowner", "designation"], ["recordid", "leadowner"]],
        columns: [
            "leadowner": .init(.owner), "phone": .init(.phone, "work"), "mobile": .init(.mobile, "mobile"), "fax": .init(.otherPhones, "fax"),
            "secondaryemail": .init(.email), "emailoptout": .init(.emailOptOut), "leadstatus": .init(.status), "description": .init(.notes),
            "company": .init(.company), "leadsource": .init(.source)
        ])

    static let pipedrive = ImportSource(
        name: "Pipedrive people",
        signatures: [["personname"]],
        columns: [
            "personname": .init(.name), "personfirstname": .init(.firstName), "personlastname": .init(.lastName),
            "personphone": .init(.phone), "personphonework": .init(.phone, "work"), "personphonemobile": .init(.mobile, "mobile"),
            "personphonehome": .init(.otherPhones, "home"), "personphoneother": .init(.otherPhones, "other"), "personemail": .init(.email),
            "personemailwork": .init(.email), "personemailhome": .init(.email), "personemailother": .init(.email),
            "personorganization": .init(.company), "personowner": .init(.owner), "personlabel": .init(.status),
            "personnextactivitydate": .init(.followUp), "personnotes": .init(.notes), "personnote": .init(.notes)
        ])

    static let googleContacts = ImportSource(
        name: "Google Contacts",
        signatures: [["phone1value"], ["email1value"]],
        columns: {
            var columns: [String: ImportColumn] = [
                "name": .init(.name), "givenname": .init(.firstName), "familyname": .init(.lastName), "firstname": .init(.firstName),
                "lastname": .init(.lastName), "organization1name": .init(.company), "organizationname": .init(.company),
                "notes": .init(.notes)
            ]
            for number in 1...9 {
                columns["phone\(number)value"] = .init(.otherPhones, typeColumn: ["phone\(number)type", "phone\(number)label"])
                columns["email\(number)value"] = .init(.email)
            }
            return columns
        }())

    static let outlook = ImportSource(
        name: "Outlook contacts",
        signatures: [["emaildisplayname", "businessphone"], ["businessfax", "callback"], ["companymainphone", "mobilephone"]],
        columns: [
            "firstname": .init(.firstName), "lastname": .init(.lastName), "company": .init(.company),
            "primaryphone": .init(.phone, "main"), "businessphone": .init(.phone, "work"), "businessphone2": .init(.otherPhones, "work"),
            "companymainphone": .init(.otherPhones, "company"), "mobilephone": .init(.mobile, "mobile"), "homephone": .init(.otherPhones, "home"),
            "homephone2": .init(.otherPhones, "home"), "otherphone": .init(.otherPhones, "other"), "callback": .init(.otherPhones, "callback"),
            "carphone": .init(.otherPhones, "car"), "assistantsphone": .init(.otherPhones, "assistant"), "pager": .init(.otherPhones, "pager"),
            "radiophone": .init(.otherPhones, "radio"), "isdn": .init(.otherPhones, "isdn"), "ttytddphone": .init(.otherPhones, "tty"),
            "telex": .init(.otherPhones, "fax"), "businessfax": .init(.otherPhones, "fax"), "homefax": .init(.otherPhones, "fax"),
            "otherfax": .init(.otherPhones, "fax"), "emailaddress": .init(.email), "email2address": .init(.email), "email3address": .init(.email),
            "notes": .init(.notes), "account": .ignored
        ])

    /// The label of a phone column from its header alone: `Home Phone` is home, `Business Fax` fax.
    static func phoneLabel(fromHeader title: String) -> String? {
        let key = HeaderMapping.normalize(title)
        if key.contains("fax") { return "fax" }
        if key.contains("mobile") || key.contains("cell") || key.contains("handy") { return "mobile" }
        if key.contains("home") { return "home" }
        if key.contains("work") || key.contains("business") || key.contains("office") { return "work" }
        return nil
    }
}

/// What one column of a recognised export fills: a field, the phone label, or the column that holds
/// each row's phone type (Google's `Phone 1 - Type` beside `Phone 1 - Value`).
struct ImportColumn: Equatable, Sendable {
    var field: ImportField?
    var label: String?
    var typeColumn: [String]

    init(_ field: ImportField?, _ label: String? = nil, typeColumn: [String] = []) {
        self.field = field
        self.label = label
        self.typeColumn = typeColumn
    }

    /// A column read and left out on purpose (a fax opt-out).
    static let ignored = ImportColumn(nil)
}
