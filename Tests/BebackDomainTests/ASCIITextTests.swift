import BebackDomain
import Foundation
import Testing

@Suite("Byte-level checks of ASCII text, and the fast paths built on them")
struct ASCIITextTests {
    @Test("ASCII text is told from any other; nothing to trim only when both ends are visible ASCII")
    func checks() {
        #expect(ASCIIText.isASCII("+44 20 7946 0003\r\n"))
        #expect(!ASCIIText.isASCII("Chloé"))
        #expect(ASCIIText.hasNothingToTrim("a b"))
        #expect(!ASCIIText.hasNothingToTrim(" a"))
        #expect(!ASCIIText.hasNothingToTrim("a\n"))
        #expect(!ASCIIText.hasNothingToTrim("é"))
        #expect(!ASCIIText.hasNothingToTrim(""))
        #expect(ASCIIText.hasVisibleASCII("\u{3000}x"))
        #expect(!ASCIIText.hasVisibleASCII(" \t\u{3000}"))
        #expect(ASCIIText.countIsAtMost("abc", 3))
        #expect(!ASCIIText.countIsAtMost("abcd", 3))
        #expect(ASCIIText.countIsAtMost("ééé", 3))
        #expect(!ASCIIText.countIsAtMost("éééé", 3))
    }

    @Test("digits are counted on bytes in ASCII numbers, as characters otherwise (a digit with an accent is none)")
    func digits() {
        #expect(PhoneNumber("+44 (20) 7946-0003").digitCount == 12)
        #expect(PhoneNumber("1\u{301}234").digitCount == 3)
        #expect(PhoneNumber("１２３４5").digitCount == 1)
        #expect(DoNotContactList.digitsKey("+44 20 7946 0003") == "079460003")
        #expect(DoNotContactList.digitsKey("1\u{301}2345678901") == "345678901")
        #expect(DoNotContactList.digitsKey("1\u{301}2") == "2")
    }

    @Test("an address is trimmed and lower-cased for the list, whether or not it has white space around it")
    func emailEntries() {
        #expect(DoNotContactList.emailEntry("Ann@Example.com") == .email("ann@example.com"))
        #expect(DoNotContactList.emailEntry(" \u{3000}Ann@Example.com\n") == .email("ann@example.com"))
        #expect(DoNotContactList.emailEntry("  ") == nil)
    }

    @Test("lower case: an ASCII text without capitals is kept, any other is lower-cased as before")
    func lowercased() {
        #expect(ASCIIText.lowercased("ann@example.com") == "ann@example.com")
        #expect(ASCIIText.lowercased("Ann@Example.COM") == "ann@example.com")
        #expect(ASCIIText.lowercased("ÉLODIE@exämple.fr") == "élodie@exämple.fr")
        #expect(ASCIIText.lowercased("") == "")
    }

    @Test("field lengths are checked in order, counted in characters: a second phone is named, accents count once")
    func fieldLengths() {
        let ids = { () -> SeededIDGenerator in SeededIDGenerator(seed: 1) }
        func refusal(_ profile: LeadProfile) -> String? {
            var generator = ids()
            do {
                _ = try LeadActions(rep: "ann").capture(profile, wants: "", holdingBack: "", state: DeskState(), at: Date(), ids: &generator)
                return nil
            } catch { return "\(error)" }
        }
        let phones = [PhoneNumber("+44 20 7946 0003"), PhoneNumber("+44 " + String(repeating: "1", count: 1001))]
        let contact = ContactPoints(phones: phones, email: nil, timeZoneID: "Europe/London")
        #expect(refusal(LeadProfile(name: "Ann", contact: contact, owner: "ann"))?.contains("phone 2 is 1,005 characters long") == true)
        let accented = ContactPoints(phones: [phones[0]], email: nil, timeZoneID: "Europe/London")
        #expect(refusal(LeadProfile(name: String(repeating: "é", count: 1000), contact: accented, owner: "ann")) == nil)
        #expect(refusal(LeadProfile(name: String(repeating: "é", count: 1001), contact: accented, owner: "ann"))?.contains("name is 1,001") == true)
    }

    @Test("an empty list matches nothing; one with an entry still matches it")
    func emptyList() {
        let contact = ContactPoints(phones: [PhoneNumber("+44 20 7946 0003")], email: "ann@example.com")
        #expect(DoNotContactList().match(contact) == nil)
    }

    @Test("numbers normalise the same from any country and form")
    func normalizer() {
        let us = PhoneNormalizer(country: CallingCountry(code: "US"))
        #expect(us.key("(617) 555-0142") == "+16175550142")
        #expect(us.key("1 617 555 0142") == "+16175550142")
        #expect(us.key("011 44 20 7946 0003") == "+442079460003")
        #expect(us.key("0044 20 7946 0003") == "+442079460003")
        let gb = PhoneNormalizer(country: CallingCountry(code: "GB"))
        #expect(gb.key("020 7946 0003") == "+442079460003")
        #expect(gb.key("+44 (0)20 7946 0003 x12") == "+442079460003")
        #expect(gb.normalize("12") == .failure(.tooFewDigits(2)))
        #expect(gb.normalize("+1234567890123456") == .failure(.tooManyDigits(16)))
        let none = PhoneNormalizer(country: nil)
        #expect(none.key("0044 20 7946 0003") == "+442079460003")
        #expect(none.key("020 7946 0003") == "02079460003")
        #expect(none.normalize("1234567890123456") == .failure(.tooManyDigits(16)))
    }
}
