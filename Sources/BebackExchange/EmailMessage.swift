import Foundation

/// An email as Beback hands it to the desk's mail command: an RFC 5322 message with To, From,
/// Subject, Date and a UTF-8 plain-text body. Header values never carry a line break (a name from
/// a lead's record cannot add a header), and non-ASCII names and subjects are RFC 2047 encoded.
public struct EmailMessage: Equatable, Sendable {
    public var toName: String
    public var toAddress: String
    public var from: String
    public var subject: String
    public var body: String
    public var date: Date

    public init(toName: String, toAddress: String, from: String, subject: String, body: String, date: Date) {
        self.toName = toName
        self.toAddress = toAddress
        self.from = from
        self.subject = subject
        self.body = body
        self.date = date
    }

    /// The `To:` header's value: `"Name" <address>` (the name encoded when it is not ASCII).
    public var toHeader: String {
        let name = Self.oneLine(toName).replacingOccurrences(of: "\"", with: "'")
        let address = Self.oneLine(toAddress)
        guard !name.isEmpty else { return address }
        return "\(Self.encodedWord(name, quoted: true)) <\(address)>"
    }

    /// The whole message, CRLF-free (the mail command is run with `-t -i` and expects local newlines).
    public var text: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var lines = [
            "To: \(toHeader)",
            "From: \(Self.oneLine(from))",
            "Subject: \(Self.encodedWord(Self.oneLine(subject), quoted: false))",
            "Date: \(formatter.string(from: date))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            ""
        ]
        lines.append(body.replacingOccurrences(of: "\r\n", with: "\n"))
        var result = lines.joined(separator: "\n")
        if !result.hasSuffix("\n") { result += "\n" }
        return result
    }

    /// The text the rep edits: the headers they may read and change (To, From, Subject), a blank
    /// line, then the body, the way `git commit` gives a message to the editor.
    public var draft: String {
        "To: \(toHeader)\nFrom: \(Self.oneLine(from))\nSubject: \(Self.oneLine(subject))\n\n\(body)\n"
    }

    /// Reads an edited draft back: the subject and body taken from it. Fails when the headers are
    /// broken, the To address was changed, or the body was emptied (the send is abandoned).
    public func applying(draft edited: String) -> Result<EmailMessage, DraftError> {
        let lines = edited.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var updated = self
        var index = 0
        var sawTo = false
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            guard let colon = line.firstIndex(of: ":") else { return .failure(DraftError("line \(index + 1): '\(line)' is not a header (Name: value)")) }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "subject": updated.subject = value
            case "from": updated.from = value
            case "to":
                sawTo = true
                if !value.lowercased().contains(toAddress.lowercased()) {
                    return .failure(DraftError("line \(index + 1): To: must stay \(toAddress), the lead's address"))
                }
            default: return .failure(DraftError("line \(index + 1): unknown header '\(line[..<colon])' (To, From and Subject can be edited)"))
            }
            index += 1
        }
        guard sawTo else { return .failure(DraftError("the To: header was removed")) }
        var body = lines.dropFirst(index + 1).joined(separator: "\n")
        while body.hasSuffix("\n") { body.removeLast() }
        guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return .failure(DraftError("the message is empty: nothing was sent")) }
        guard !updated.subject.isEmpty else { return .failure(DraftError("the Subject: is empty: nothing was sent")) }
        updated.body = body
        return .success(updated)
    }

    /// Why an edited draft cannot be sent.
    public struct DraftError: Error, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingCharacters(in: .whitespaces)
    }

    /// An RFC 2047 encoded word for non-ASCII text; ASCII text as it is (in quotes for a display name).
    static func encodedWord(_ text: String, quoted: Bool) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) { return quoted ? "\"\(text)\"" : text }
        return "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }
}
