import BebackDomain
import BebackExchange
import Foundation
import Testing

@Suite("the email handed to the mail command, and SMS segments")
struct EmailMessageTests {
    let message = EmailMessage(
        toName: "Zoë\r\nBcc: evil@x.example", toAddress: "zoe@example.com", from: "Ann <ann@shop.example>", subject: "Hi\nthere",
        body: "Grüße\n", date: Date(timeIntervalSince1970: 0))

    @Test("header values stay on one line (no injected header); non-ASCII is RFC 2047 encoded")
    func headers() {
        let lines = message.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "To: =?UTF-8?B?\(Data("Zoë Bcc: evil@x.example".utf8).base64EncodedString())?= <zoe@example.com>")
        #expect(lines[2] == "Subject: Hi there")
        #expect(lines[3] == "Date: Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(!lines.contains { $0.hasPrefix("Bcc:") })
        #expect(message.text.hasSuffix("\n\nGrüße\n"))
    }

    @Test("an edited draft gives its subject and body; a changed To: or an empty body is refused")
    func drafts() throws {
        let edited = try message.applying(draft: "To: zoe@example.com\nFrom: Ann <ann@shop.example>\nSubject: New\n\nLine one\nLine two\n\n").get()
        #expect(edited.subject == "New")
        #expect(edited.body == "Line one\nLine two")
        #expect(throws: EmailMessage.DraftError.self) { try message.applying(draft: "To: other@x.example\nSubject: S\n\nBody\n").get() }
        #expect(throws: EmailMessage.DraftError.self) { try message.applying(draft: "To: zoe@example.com\nSubject: S\n\n \n").get() }
    }

    @Test("GSM-7 texts take 160 then 153 a part; UCS-2 70 then 67; extended characters count twice")
    func segments() {
        #expect(TextSegments(String(repeating: "a", count: 160)).segments == 1)
        #expect(TextSegments(String(repeating: "a", count: 161)).segments == 2)
        #expect(TextSegments(String(repeating: "a", count: 306)).segments == 2)
        #expect(TextSegments(String(repeating: "€", count: 80)).length == 160)
        #expect(TextSegments(String(repeating: "ł", count: 70)) == TextSegments(String(repeating: "ł", count: 70)))
        #expect(TextSegments(String(repeating: "ł", count: 70)).segments == 1)
        #expect(TextSegments(String(repeating: "ł", count: 71)).segments == 2)
        #expect(TextSegments("Café à 5").unicode == false)
        #expect(TextSegments("Hi Zoë").unicode == true)
        #expect(TextSegments("Hi 👋").label == "5 chars · 1 SMS (Unicode)")
    }
}
