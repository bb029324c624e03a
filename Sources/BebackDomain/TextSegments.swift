/// How many SMS segments a text takes: GSM-7 when every character is in the GSM basic set
/// (160 characters alone, 153 per part when split), else UCS-2 (70 alone, 67 per part).
public struct TextSegments: Equatable, Sendable {
    public var length: Int
    public var segments: Int
    public var unicode: Bool

    static let gsm: Set<Character> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
    static let gsmExtended: Set<Character> = Set("^{}\\[~]|€")

    public init(_ text: String) {
        let unicode = !text.allSatisfy { Self.gsm.contains($0) || Self.gsmExtended.contains($0) }
        if unicode {
            length = text.utf16.count
            segments = length <= 70 ? 1 : (length + 66) / 67
        } else {
            length = text.reduce(0) { $0 + (Self.gsmExtended.contains($1) ? 2 : 1) }
            segments = length <= 160 ? 1 : (length + 152) / 153
        }
        if length == 0 { segments = 0 }
        self.unicode = unicode
    }

    /// "64 chars · 1 SMS" or "75 chars · 2 SMS (Unicode)".
    public var label: String { "\(length) chars · \(segments) SMS\(unicode ? " (Unicode)" : "")" }
}
