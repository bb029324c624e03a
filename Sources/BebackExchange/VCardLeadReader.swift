import Foundation

/// Turns vCard contacts into import records: `FN` (else `N`) the name, `TEL` the phones (cell as
/// mobile, home and other as other phones), `EMAIL` (the preferred one; the others kept in a note),
/// `ORG` the company, `NOTE` a note, `TZ` the time zone when it is a zone name.
public enum VCardLeadReader {
    /// The columns of the records it makes, so that rejects can be written as CSV and imported again.
    public static let header = ["Name", "Mobile", "Phone", "Other Phones", "Email", "Company", "Time Zone", "Notes", "Other Phone Types"]

    /// The mapping of those columns.
    public static var mapping: HeaderMapping {
        // The header is made of known names only, so this cannot fail.
        var mapping = (try? HeaderMapping(header: header)) ?? HeaderMapping.empty
        if mapping.fields.count == header.count { mapping.typeColumns[3] = 8 }
        return mapping
    }

    /// The records of a vCard file's cards, and a reject for each card that could not be read.
    public static func records(_ text: String) -> (records: [SourceRecord], rejects: [RowRejection]) {
        let (cards, problems) = VCardParser.parse(text)
        let rejects = problems.map { RowRejection(line: $0.line, reason: $0.reason, cells: []) }
        return (cards.map(record), rejects)
    }

    /// One card as a record with the columns of `header`.
    public static func record(_ card: VCard) -> SourceRecord {
        var name = card.first("FN")?.value.trimmingCharacters(in: .whitespaces) ?? ""
        if name.isEmpty, let parts = card.first("N")?.components {
            // N: family; given; additional; prefixes; suffixes
            let ordered = [
                parts.count > 3 ? parts[3] : "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "",
                parts[0], parts.count > 4 ? parts[4] : ""
            ]
            name = ordered.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        }
        var mobile: [String] = [], phone: [String] = [], other: [(number: String, label: String)] = []
        var faxes: [String] = []
        let labels = Dictionary(
            card.properties.filter { $0.name == "X-ABLABEL" && $0.group != nil }.map { ($0.group ?? "", appleLabel($0.value)) },
            uniquingKeysWith: { first, _ in first })
        for tel in card.all("TEL") {
            var number = tel.value.trimmingCharacters(in: .whitespaces)
            if number.lowercased().hasPrefix("tel:") { number = String(number.dropFirst(4)) }
            if let parameters = number.firstIndex(of: ";") { number = String(number[..<parameters]) }
            guard !number.isEmpty else { continue }
            let types = tel.types
            let label = tel.group.flatMap { labels[$0] }
            if types.contains("fax") || label?.contains("fax") == true {
                faxes.append(number)
            } else if let label {
                other.append((number, label))
            } else if types.contains("cell") || types.contains("mobile") || types.contains("iphone") {
                mobile.append(number)
            } else if types.contains("home") || types.contains("other") {
                other.append((number, types.contains("home") ? "home" : "other"))
            } else {
                phone.append(number)
            }
        }
        let rest = mobile.dropFirst().map { ($0, "mobile") } + phone.dropFirst().map { ($0, "phone") } + other
        let emails = card.all("EMAIL").map { $0.value.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var notes = card.all("NOTE").map(\.value).filter { !$0.isEmpty }
        if emails.count > 1 { notes.append("other email: " + emails.dropFirst().joined(separator: ", ")) }
        for fax in faxes { notes.append("fax: \(fax)") }
        let company = card.first("ORG")?.components.first?.trimmingCharacters(in: .whitespaces) ?? ""
        let zone = card.first("TZ").map { $0.value.trimmingCharacters(in: .whitespaces) }.flatMap { TimeZone(identifier: $0) != nil ? $0 : nil } ?? ""
        let cells = [
            name, mobile.first ?? "", phone.first ?? "", rest.map(\.0).joined(separator: "; "),
            emails.first ?? "", company, zone, notes.joined(separator: "\n"), rest.map(\.1).joined(separator: "; ")
        ]
        return SourceRecord(line: card.line, fields: cells)
    }

    /// An iPhone's label: `_$!<Mobile>!$_` is mobile, `_$!<WorkFax>!$_` workfax, a typed one as typed.
    static func appleLabel(_ text: String) -> String {
        var label = text.trimmingCharacters(in: .whitespaces)
        if label.hasPrefix("_$!<"), label.hasSuffix(">!$_") { label = String(label.dropFirst(4).dropLast(4)) }
        return label.lowercased()
    }
}
