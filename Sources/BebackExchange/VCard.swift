/// One contact card of a vCard file (3.0 or 4.0; 2.1 as phones still write it is read too).
public struct VCard: Equatable, Sendable {
    /// The physical line of its `BEGIN:VCARD`.
    public var line: Int
    public var version: String
    public var properties: [VCardProperty]

    public init(line: Int, version: String = "", properties: [VCardProperty] = []) {
        self.line = line
        self.version = version
        self.properties = properties
    }

    /// Every property of a name (`TEL`, `EMAIL`), preferred ones first.
    public func all(_ name: String) -> [VCardProperty] {
        let matching = properties.filter { $0.name == name }
        return matching.enumerated().sorted { lhs, rhs in
            if lhs.element.preference != rhs.element.preference { return lhs.element.preference < rhs.element.preference }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The first property of a name.
    public func first(_ name: String) -> VCardProperty? { all(name).first }
}

/// One content line of a vCard: `item1.TEL;TYPE=cell,voice;PREF=1:+44 20 7946 0003`.
public struct VCardProperty: Equatable, Sendable {
    /// The property name, upper-case, without its group.
    public var name: String
    /// Parameters by upper-case name; bare 2.1 types (`TEL;CELL:`) are kept under `TYPE`.
    public var parameters: [String: [String]]
    /// The value, unescaped (`\,` `\;` `\\` `\n`), still holding the separators of a structured value.
    public var rawValue: String
    /// The group (`item1` of `item1.TEL`): an iPhone's `item1.X-ABLabel` names `item1.TEL`'s kind.
    public var group: String?

    public init(name: String, parameters: [String: [String]] = [:], rawValue: String) {
        self.name = name
        self.parameters = parameters
        self.rawValue = rawValue
    }

    /// The value as text, escapes undone.
    public var value: String { VCardParser.unescape(rawValue) }

    /// The components of a structured value (`N`, `ORG`, `ADR`), split at unescaped `;`, each unescaped.
    public var components: [String] { VCardParser.splitUnescaped(rawValue, at: ";").map(VCardParser.unescape) }

    /// The `TYPE` values, lower-case (`cell`, `work`, `home`, `voice`).
    public var types: Set<String> {
        Set((parameters["TYPE"] ?? []).flatMap { $0.lowercased().split(separator: ",").map(String.init) })
    }

    /// `PREF` (4.0) or `TYPE=pref` (3.0): lower comes first; 100 when not preferred.
    public var preference: Int {
        if let pref = parameters["PREF"]?.first.flatMap({ Int($0) }) { return pref }
        return types.contains("pref") ? 1 : 100
    }
}
