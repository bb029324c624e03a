import Foundation

/// Turns a phone number as people type it into E.164 (`+16175550142`), so that `(617) 555-0142`,
/// `+1 617 555 0142` and `001 617 555 0142` are one number, with the desk's country for numbers
/// written the national way (`0171 2345678` in Germany is `+491712345678`). Not libphonenumber:
/// it knows calling codes, trunk and international prefixes, and the length E.164 allows.
public struct PhoneNormalizer: Equatable, Sendable {
    /// Why a typed value is not a phone number.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// A spreadsheet turned the number into `4,36641E+11`: its last digits are gone.
        case scientificNotation
        case tooFewDigits(Int)
        case tooManyDigits(Int)

        public var description: String {
            switch self {
            case .scientificNotation: return "is in a spreadsheet's scientific notation (its last digits are lost; format the column as text and export again)"
            case .tooFewDigits(let count): return "has \(count) digit\(count == 1 ? "" : "s") (at least \(PhoneNumber.minimumDigits))"
            case .tooManyDigits(let count): return "has \(count) digits (an international number has at most 15)"
            }
        }
    }

    /// The country of numbers written without a `+` or an international prefix; nil: none is assumed.
    public let country: CallingCountry?

    public init(country: CallingCountry?) { self.country = country }

    /// The E.164 form, or the digits alone (with `+` when typed international) when the country of a
    /// national number is unknown. An extension (`x12`, `ext. 12`, `;ext=12`) is left out.
    public func normalize(_ typed: String) -> Result<String, Problem> {
        if Self.isScientificNotation(typed) { return .failure(.scientificNotation) }
        let (digits, plus) =
            typed.utf8.withContiguousStorageIfAvailable(Self.digits) ?? Array(typed.utf8).withUnsafeBufferPointer(Self.digits)
        guard digits.count >= PhoneNumber.minimumDigits else { return .failure(.tooFewDigits(digits.count)) }
        // Every part is ASCII digits: the checks work on bytes.
        if plus { return Self.checked(digits[...]) }
        if let country {
            if digits.starts(with: country.internationalPrefix.utf8) { return Self.checked(digits.dropFirst(country.internationalPrefix.utf8.count)) }
            if country.internationalPrefix != "00", digits.starts(with: [0x30, 0x30]) { return Self.checked(digits.dropFirst(2)) }
            var national = digits[...]
            if let trunk = country.trunkPrefix, !country.keepsTrunkPrefix, national.starts(with: trunk.utf8) {
                // North America: `1 617 555 0142` has the trunk 1; a bare 10-digit number has none.
                if country.callingCode != "1" || national.count == 11 { national = national.dropFirst(trunk.utf8.count) }
            }
            return Self.checked(Array(country.callingCode.utf8)[...] + national)
        }
        if digits.starts(with: [0x30, 0x30]) { return Self.checked(digits.dropFirst(2)) }
        return digits.count > 15 ? .failure(.tooManyDigits(digits.count)) : .success(String(decoding: digits, as: UTF8.self))
    }

    /// The digits of a typed number, and whether a `+` came before them; an extension ends it.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>) -> ([UInt8], Bool) {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var plus = false
        var index = 0
        scan: while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x30...0x39:
                digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty:
                plus = true
            case UInt8(ascii: "(") where index + 2 < bytes.count && bytes[index + 1] == 0x30 && bytes[index + 2] == UInt8(ascii: ")"):
                // `+49 (0)171 …`: the bracketed trunk prefix is not dialled from abroad.
                index += 3
                continue scan
            case UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: "e"), UInt8(ascii: "E"):
                // An extension (`x12`, `ext. 12`, `#12`, `;ext=12`) ends the number.
                if !digits.isEmpty { break scan }
            default:
                break
            }
            index += 1
        }
        return (digits, plus)
    }

    /// The key two numbers share when they are the same number (nil when the text is no number).
    public func key(_ typed: String) -> String? { try? normalize(typed).get() }

    /// Whether a cell holds a number a spreadsheet wrote in scientific notation: `4,36641E+11`, `4.4E+11`.
    public static func isScientificNotation(_ text: String) -> Bool {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }) else { return false }
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard let e = trimmed.firstIndex(of: "E") else { return false }
        let mantissa = trimmed[..<e]
        var exponent = trimmed[trimmed.index(after: e)...]
        if exponent.first == "+" { exponent = exponent.dropFirst() }
        guard !exponent.isEmpty, exponent.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let parts = mantissa.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," })
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    private static func checked(_ digits: ArraySlice<UInt8>) -> Result<String, Problem> {
        guard digits.count >= PhoneNumber.minimumDigits else { return .failure(.tooFewDigits(digits.count)) }
        guard digits.count <= 15 else { return .failure(.tooManyDigits(digits.count)) }
        var key: [UInt8] = [UInt8(ascii: "+")]
        key.reserveCapacity(digits.count + 1)
        key += digits
        return .success(String(decoding: key, as: UTF8.self))
    }
}
