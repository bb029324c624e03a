import BebackDomain
import BebackExchange
import Foundation
import Testing

@Suite("vCard 3.0 and 4.0 contacts from phones and address books")
struct VCardParserTests {
    @Test("vCard 3.0: folded lines, escapes, types, groups, preferred email first")
    func version3() throws {
        let reader = try ExchangeFixtures.reader("contacts-v3.vcf")
        #expect(reader.format == .vcard)
        let priya = try #require(reader.next())
        #expect(priya.line == 1)
        #expect(priya.value(.name) == "Dr. Priya Raman")
        #expect(priya.value(.mobile) == "+44 7700 900123")
        #expect(priya.value(.phone) == "+44 20 7946 0003")
        #expect(priya.value(.otherPhones) == "+44 20 7946 0999")
        #expect(priya.value(.email) == "priya@example.com")
        #expect(priya.value(.company) == "Raman Interiors")
        #expect(
            priya.values[.notes] == [
                "Wants an oak kitchen, soon.\nCall after 5pm; not Mondays. This note is long enough to be folded over two lines.\nother email: priya.home@example.com"
            ])
        let owen = try #require(reader.next())
        #expect(owen.line == 14)
        #expect(owen.value(.otherPhones) == "020 7946 0123")
        let nobody = try #require(reader.next())
        #expect(nobody.line == 20)
        #expect(reader.next() == nil)
    }

    @Test("vCard 4.0: tel: URIs, quoted type lists, PREF, a zone name kept and an offset ignored, N without FN")
    func version4() throws {
        let reader = try ExchangeFixtures.reader("contacts-v4.vcf")
        let mia = try #require(reader.next())
        #expect(mia.value(.mobile) == "+1-555-555-0100")
        #expect(mia.value(.phone) == "+1-555-555-0101")
        #expect(mia.value(.timeZone) == "America/New_York")
        #expect(mia.values[.notes] == ["Prefers mornings"])
        let li = try #require(reader.next())
        #expect(li.value(.name) == "Li Nguyen")
        #expect(li.value(.timeZone) == nil)
    }

    @Test("a card without a phone or email is rejected with the line of its BEGIN")
    func unreachableCard() throws {
        let plan = try ExchangeFixtures.plan("contacts-v3.vcf")
        #expect(plan.drafts.map(\.profile.name) == ["Dr. Priya Raman", "Owen Hale"])
        #expect(plan.rejects.map(\.line) == [20])
        #expect(plan.rejects.first?.reason == "no phone or email to reach them")
    }

    @Test("a card that never ends is reported, the cards before it are read")
    func unclosed() throws {
        let text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ok One\nTEL:1\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\n"
        let reader = try LeadFileReader(name: "cut.vcf", bytes: Data(text.utf8))
        #expect(reader.next()?.value(.name) == "Ok One")
        #expect(reader.next() == nil)
        #expect(reader.unreadable == [RowRejection(line: 6, reason: "vCard has no END:VCARD (the file ends inside it)", cells: [])])
    }

    @Test("vCard 2.1 quoted-printable values, as older phones export them")
    func quotedPrintable() throws {
        let text =
            "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;\r\nTEL;CELL:+49 170 1234567\r\nEND:VCARD\r\n"
        let card = try #require(VCardParser.parse(text).cards.first)
        #expect(VCardLeadReader.record(card).fields[0] == "Jürgen Müller")
        #expect(VCardLeadReader.record(card).fields[1] == "+49 170 1234567")
    }

    @Test("the file kind is told by content first, then by extension")
    func detection() throws {
        let vcard = try LeadFileReader(name: "contacts.txt", bytes: Data("\u{FEFF}begin:vcard\nFN:A\nTEL:1\nend:vcard\n".utf8))
        #expect(vcard.format == .vcard)
        let csv = try LeadFileReader(name: "leads.txt", bytes: Data("name,phone\nA,1\n".utf8))
        #expect(csv.format == .csv)
        #expect(throws: ExchangeError.self) { try LeadFileReader(name: "empty.vcf", bytes: Data("name,phone\n".utf8)) }
    }
}
