import BebackDomain
import Testing

@Suite("Phone numbers normalise to E.164 with the desk's country")
struct PhoneNormalizerTests {
    let us = PhoneNormalizer(country: CallingCountry(code: "US"))
    let de = PhoneNormalizer(country: CallingCountry(code: "DE"))
    let gb = PhoneNormalizer(country: CallingCountry(code: "gb"))
    let none = PhoneNormalizer(country: nil)

    @Test("a North American number in its usual spellings is one number")
    func northAmerica() {
        for typed in ["(617) 555-0142", "+1 617 555 0142", "617.555.0142", "1-617-555-0142", "011 1 617 555 0142", "+1 (617) 555-0142 x12"] {
            #expect(us.key(typed) == "+16175550142", "\(typed)")
        }
    }

    @Test("the trunk prefix is dropped: 0171 in Germany is +49 171")
    func trunkPrefix() {
        #expect(de.key("0171 2345678") == "+491712345678")
        #expect(de.key("+49 171 2345678") == "+491712345678")
        #expect(de.key("+49 (0)171 2345678") == "+491712345678")
        #expect(de.key("0049 171 2345678") == "+491712345678")
        #expect(gb.key("020 7946 0958") == "+442079460958")
        #expect(gb.key("+44 20 7946 0958") == "+442079460958")
    }

    @Test("Italy keeps its leading 0; Hungary's trunk is 06")
    func trunkVariants() {
        let it = PhoneNormalizer(country: CallingCountry(code: "IT"))
        #expect(it.key("06 1234 5678") == "+390612345678")
        let hu = PhoneNormalizer(country: CallingCountry(code: "HU"))
        #expect(hu.key("06 1 234 5678") == "+3612345678")
    }

    @Test("an international number ignores the desk's country")
    func international() {
        #expect(de.key("+44 20 7946 0958") == "+442079460958")
        #expect(de.key("0044 20 7946 0958") == "+442079460958")
        #expect(us.key("00 44 20 7946 0958") == "+442079460958")
    }

    @Test("without a country a national number keeps its digits, an international one gets E.164")
    func noCountry() {
        #expect(none.key("(617) 555-0142") == "6175550142")
        #expect(none.key("0044 20 7946 0958") == "+442079460958")
        #expect(none.key("+1 617 555 0142") == "+16175550142")
    }

    @Test("spreadsheet scientific notation is refused, not stored as a number")
    func scientific() {
        #expect(PhoneNormalizer.isScientificNotation("4,36641E+11"))
        #expect(PhoneNormalizer.isScientificNotation("4.4E+11"))
        #expect(PhoneNormalizer.isScientificNotation("4E11"))
        #expect(!PhoneNormalizer.isScientificNotation("+44 20 7946 0958"))
        #expect(!PhoneNormalizer.isScientificNotation("Ext 12"))
        #expect(de.normalize("4,36641E+11") == .failure(.scientificNotation))
    }

    @Test("too few or too many digits is no number")
    func lengths() {
        #expect(gb.normalize("12") == .failure(.tooFewDigits(2)))
        #expect(gb.normalize("n/a") == .failure(.tooFewDigits(0)))
        #expect(gb.normalize("+1234567890123456") == .failure(.tooManyDigits(16)))
    }

    @Test("the country of an E.164 number, and its time zone where it has one")
    func countryOfNumber() {
        #expect(CallingCountry.of(e164: "+491712345678")?.code == "DE")
        #expect(CallingCountry.of(e164: "+442079460958")?.timeZoneID == "Europe/London")
        #expect(CallingCountry.of(e164: "+35312345678")?.code == "IE")
        #expect(CallingCountry.of(e164: "+16175550142")?.code == "US")
        #expect(CallingCountry.of(e164: "+16175550142")?.timeZoneID == nil)
        #expect(CallingCountry.of(e164: "6175550142") == nil)
        #expect(CallingCountry(code: "UK")?.code == "GB")
        #expect(CallingCountry(code: "XX") == nil)
    }
}
