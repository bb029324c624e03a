import BebackText
import Foundation

/// Which column of an imported file fills which lead field: guessed from common header names and
/// their variants (`First Name`, `first_name`, `FIRST_NAME`), corrected with `--map COLUMN=FIELD`.
public struct HeaderMapping: Equatable, Sendable {
    /// Where a column's mapping came from, for the printout.
    public enum Origin: Equatable, Sendable {
        case guessed
        case mapped
        case ignoredByMap
        case unknown
        case alreadyFilled(ImportField, by: String)
        case ignoredBySource
    }

    public let header: [String]
    /// The export the header row was recognised as (HubSpot, Salesforce, ...); nil: generic names.
    public let source: ImportSource?
    /// The field each column fills; nil when the column is ignored.
    public private(set) var fields: [ImportField?]
    public private(set) var origins: [Origin]
    /// The phone label of each phone column (`home`, `work`, `fax`), when its header says.
    public private(set) var labels: [String?]
    /// For a phone column, the column that holds each row's phone type (Google's `Phone 1 - Type`).
    public internal(set) var typeColumns: [Int: Int] = [:]

    /// Builds the mapping for a header row; `overrides` win over the guesses.
    public init(header: [String], overrides: [ColumnOverride] = []) throws(ExchangeError) {
        self.header = header
        source = ImportSource.recognise(header)
        fields = Array(repeating: nil, count: header.count)
        origins = Array(repeating: .unknown, count: header.count)
        labels = Array(repeating: nil, count: header.count)
        var claimed: [ImportField: Int] = [:]
        for override in overrides {
            let index = try Self.column(named: override.column, in: header)
            fields[index] = override.field
            origins[index] = override.field == nil ? .ignoredByMap : .mapped
            if let field = override.field, !field.allowsSeveralColumns {
                if let other = claimed[field], other != index {
                    throw ExchangeError("--map: columns '\(Self.label(header, other))' and '\(Self.label(header, index))' both map to \(field)")
                }
                claimed[field] = index
            }
        }
        let normalized = header.map(Self.normalize)
        for (index, title) in header.enumerated() where origins[index] == .unknown {
            labels[index] = ImportSource.phoneLabel(fromHeader: title)
            let known = source?.columns[normalized[index]]
            if let known {
                labels[index] = known.label ?? labels[index]
                if let type = known.typeColumn.lazy.compactMap({ normalized.firstIndex(of: $0) }).first { typeColumns[index] = type }
                if known.field == nil {
                    origins[index] = .ignoredBySource
                    continue
                }
            }
            guard let field = known?.field ?? Self.aliases[normalized[index]] else { continue }
            if !field.allowsSeveralColumns, let other = claimed[field] {
                origins[index] = .alreadyFilled(field, by: Self.label(header, other))
                continue
            }
            fields[index] = field
            origins[index] = .guessed
            if !field.allowsSeveralColumns { claimed[field] = index }
        }
    }

    /// A mapping of no columns.
    public static let empty = HeaderMapping(uncheckedHeader: [])

    private init(uncheckedHeader header: [String]) {
        self.header = header
        source = nil
        fields = []
        origins = []
        labels = []
    }

    /// The columns that fill a field, left to right.
    public func columns(for field: ImportField) -> [Int] {
        fields.indices.filter { fields[$0] == field }
    }

    /// Whether some column fills this field.
    public func maps(_ field: ImportField) -> Bool { fields.contains(field) }

    /// Refuses a mapping that could never give a lead: no name and no way to reach anyone.
    public func checkUsable() throws(ExchangeError) {
        let columns = header.indices.map { "'\(Self.label(header, $0))'" }.joined(separator: ", ")
        if ![.name, .firstName, .lastName, .company].contains(where: maps) {
            throw ExchangeError("no column gives the lead's name (columns: \(SafeText.sanitize(columns))); use --map COLUMN=name")
        }
        if ![.phone, .mobile, .otherPhones, .email].contains(where: maps) {
            throw ExchangeError("no column gives a phone or an email (columns: \(SafeText.sanitize(columns))); use --map COLUMN=phone or --map COLUMN=email")
        }
    }

    /// One line per column, `Header  -> field`, sanitized for the terminal.
    public func describe() -> [String] {
        let titles = header.indices.map { SafeText.sanitize(Self.label(header, $0)) }
        let width = max(1, min(28, titles.map(SafeText.displayWidth).max() ?? 1))
        return header.indices.map { index in
            let title = SafeText.fit(titles[index], width: width, pad: true)
            let target: String
            switch origins[index] {
            case .guessed: target = fields[index].map(\.rawValue) ?? "(ignored)"
            case .mapped: target = (fields[index].map(\.rawValue) ?? "(ignored)") + "  (--map)"
            case .ignoredByMap: target = "(ignored, --map)"
            case .unknown: target = "(ignored: not a known name; --map '\(titles[index])=FIELD' to use it)"
            case .alreadyFilled(let field, let other): target = "(ignored: \(field) comes from '\(SafeText.sanitize(other))')"
            case .ignoredBySource: target = "(ignored: not needed from a \(source?.name ?? "known") export)"
            }
            return "  \(title) -> \(target)"
        }
    }

    /// The values of one record, by field, with spreadsheet neutralisation undone and whitespace trimmed.
    public func extract(_ record: SourceRecord) -> RawLead {
        var values: [ImportField: [String]] = [:]
        values.reserveCapacity(fields.count)
        var phoneLabels: [ImportField: [String]] = [:]
        let exact = source?.name == ImportSource.beback.name
        for (index, cell) in record.fields.enumerated() where index < fields.count {
            guard let field = fields[index] else { continue }
            if field.keepsText {
                if !cell.isEmpty { values[field, default: []].append(SpreadsheetSafety.restore(cell)) }
                continue
            }
            var value = SpreadsheetSafety.restore(cell).trimmedCell
            // A Beback export's cells hold the desk's own text: its line breaks and words such as "none" stay.
            if !exact {
                if value.utf8.contains(0x0D) { value = value.replacingOccurrences(of: "\r\n", with: "\n") }
                if Self.meansEmpty(value) { value = "" }
            }
            guard !value.isEmpty else { continue }
            values[field, default: []].append(value)
            if let phoneLabel = field.phoneLabel {
                var label = labels[index] ?? phoneLabel
                if let type = typeColumns[index], type < record.fields.count, !record.fields[type].trimmedCell.isEmpty {
                    label = record.fields[type].trimmedCell
                }
                phoneLabels[field, default: []].append(label)
            }
        }
        let extra =
            record.fields.count > header.count
            ? record.fields[header.count...].filter { !$0.trimmedCell.isEmpty }.count : 0
        let blank = record.fields.allSatisfy { $0.trimmedCell.isEmpty }
        var raw = RawLead(
            line: record.line, values: values, cells: record.fields, extraCells: extra, isBlank: blank,
            expectedCells: header.count)
        raw.labels = phoneLabels
        return raw
    }

    /// Whether a cell says "nothing" in a CRM's words: `null`, `[not provided]`, `n/a`.
    static func meansEmpty(_ value: String) -> Bool {
        // Each word starts with one of these bytes, and lower-casing makes no other byte one of them.
        guard let first = value.utf8.first,
            [UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: "#"), UInt8(ascii: "-")].contains(first)
        else { return false }
        guard value.count <= 14 else { return false }
        return ["null", "[not provided]", "(not provided)", "not provided", "n/a", "#n/a", "none", "-"].contains(value.lowercased())
    }

    // MARK: - Names

    /// A header or field name reduced to lower-case letters and digits: `First Name`, `first_name`
    /// and `FIRST-NAME` all become `firstname`.
    public static func normalize(_ text: String) -> String {
        String(String.UnicodeScalarView(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }

    static func label(_ header: [String], _ index: Int) -> String {
        header[index].isEmpty ? "column \(index + 1)" : header[index]
    }

    static func column(named name: String, in header: [String]) throws(ExchangeError) -> Int {
        if let exact = header.firstIndex(of: name) { return exact }
        let key = normalize(name)
        if !key.isEmpty, let loose = header.firstIndex(where: { normalize($0) == key }) { return loose }
        if name.hasPrefix("column "), let number = Int(name.dropFirst(7)), (1...header.count).contains(number) { return number - 1 }
        let columns = header.indices.map { "'\(label(header, $0))'" }.joined(separator: ", ")
        throw ExchangeError("--map: no column '\(SafeText.sanitize(name))' (columns: \(SafeText.sanitize(columns)))")
    }

    /// Common header names of CRM exports and spreadsheets, normalised, and the field each fills.
    static let aliases: [String: ImportField] = {
        let table: [(ImportField, [String])] = [
            (.name, ["name", "fullname", "contactname", "leadname", "contact", "displayname", "customername", "customer", "person"]),
            (.firstName, ["firstname", "givenname", "first", "forename", "fname"]),
            (.lastName, ["lastname", "surname", "familyname", "last", "lname"]),
            (
                .phone,
                [
                    "phone", "phonenumber", "telephone", "tel", "telephonenumber", "businessphone", "workphone", "officephone",
                    "primaryphone", "phone1", "directphone", "landline", "companymainphone"
                ]
            ),
            (.mobile, ["mobile", "mobilephone", "mobilenumber", "cell", "cellphone", "cellular", "mobiletelephone", "handy", "mobilephonenumber"]),
            (.otherPhones, ["otherphones", "otherphone", "homephone", "phone2", "phone3", "alternatephone", "additionalphones"]),
            (.email, ["email", "emailaddress", "mail", "primaryemail", "email1", "emailaddress1", "workemail", "secondaryemail", "email2", "emailaddress2"]),
            (
                .company,
                [
                    "company", "companyname", "account", "accountname", "organization", "organisation", "org", "business",
                    "businessname", "employer", "firm"
                ]
            ),
            (.source, ["leadsource", "source", "origin", "channelsource", "howdidyouhearaboutus"]),
            (.status, ["leadstatus", "status", "stage", "leadstage"]),
            (.notes, ["description", "notes", "note", "comments", "comment", "remarks"]),
            (.owner, ["owner", "leadowner", "owneralias", "assignedto", "salesrep", "rep", "ownerusername", "contactowner", "owneremail"]),
            (.timeZone, ["timezone", "tz", "timezoneid", "zone", "leadtimezone"]),
            (.interest, ["interest", "productinterest", "product", "interestedin"]),
            (.wants, ["wants"]),
            (.holdingBack, ["holdingback", "objection", "heldbackby"]),
            (
                .followUp,
                [
                    "nextfollowup", "followup", "followupdate", "nextfollowupdate", "callback", "callbackdate", "callbackat",
                    "nextcall", "nextcalldate", "nextcontact", "nextcontactdate", "nextactivitydate"
                ]
            ),
            (.followUpKind, ["nextkind", "followupkind"]),
            (.followUpChannel, ["nextchannel", "followupchannel"]),
            (.followUpPurpose, ["nextpurpose", "followuppurpose", "purpose", "nextstep"]),
            (.cycleDays, ["salescycledays", "cycledays", "salescycle"]),
            (.bestTime, ["besttime", "besttimetocall", "besttimetoreach"]),
            (.channel, ["preferredchannel", "channel", "preferredcontactmethod", "contactmethod"]),
            (.blockedChannels, ["blockedchannels", "donotcontactby", "optedoutchannels"]),
            (.doNotCall, ["donotcall", "dnc", "donotphone", "calloptout", "phoneoptout", "donotcallflag", "nocalls"]),
            (
                .emailOptOut,
                [
                    "emailoptout", "hasoptedoutofemail", "unsubscribed", "optedoutofemail", "donotemail", "emailoptedout",
                    "unsubscribedfromallemail", "emailunsubscribed", "optedoutofallemail", "noemail"
                ]
            )
        ]
        var result: [String: ImportField] = [:]
        for (field, names) in table {
            for name in names { result[name] = field }
            result[normalize(field.rawValue)] = field
        }
        return result
    }()
}
