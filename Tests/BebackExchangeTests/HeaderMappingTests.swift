import BebackExchange
import Testing

@Suite("Columns are mapped from common header names, and --map does the rest")
struct HeaderMappingTests {
    @Test(
        "spellings of the same header map to the same field",
        arguments: [
            ("First Name", ImportField.firstName), ("first_name", .firstName), ("FIRST_NAME", .firstName), ("FirstName", .firstName),
            ("Last Name", .lastName), ("Surname", .lastName), ("Name", .name), ("Full Name", .name),
            ("Phone", .phone), ("Phone Number", .phone), ("Mobile", .mobile), ("Mobile Phone", .mobile),
            ("Company", .company), ("Company Name", .company), ("Account", .company), ("Account Name", .company),
            ("Email", .email), ("E-mail", .email), ("EMAIL_ADDRESS", .email), ("Lead Source", .source), ("Lead Status", .status),
            ("Description", .notes), ("Notes", .notes), ("Owner", .owner), ("Lead Owner", .owner), ("Time Zone", .timeZone),
            ("timezone", .timeZone), ("Next Follow-up", .followUp)
        ])
    func variants(header: String, field: ImportField) throws {
        let mapping = try HeaderMapping(header: [header])
        #expect(mapping.fields == [field])
    }

    @Test("an unknown column is ignored and the printout says how to map it")
    func unknownColumn() throws {
        let mapping = try HeaderMapping(header: ["Name", "Fax", "Phone"])
        #expect(mapping.fields == [.name, nil, .phone])
        let lines = mapping.describe()
        #expect(lines[0] == "  Name  -> name")
        #expect(lines[1] == "  Fax   -> (ignored: not a known name; --map 'Fax=FIELD' to use it)")
    }

    @Test("--map maps a column, ignores one, and wins over a guess")
    func overrides() throws {
        let overrides = try ["Cell Number=mobile", "Name=ignore", "Contact Person=name"].map(ColumnOverride.init(parsing:))
        let mapping = try HeaderMapping(header: ["Name", "Cell Number", "Contact Person"], overrides: overrides)
        #expect(mapping.fields == [nil, .mobile, .name])
        #expect(mapping.describe()[1].hasSuffix("-> mobile  (--map)"))
        #expect(mapping.describe()[0].hasSuffix("-> (ignored, --map)"))
    }

    @Test("a second column for a one-value field is ignored, naming the first")
    func secondColumn() throws {
        let mapping = try HeaderMapping(header: ["Name", "Full Name", "Phone", "Phone Number"])
        #expect(mapping.fields == [.name, nil, .phone, .phone])
        #expect(mapping.describe()[1].contains("(ignored: name comes from 'Name')"))
    }

    @Test(
        "bad --map input gets one clear line",
        arguments: [
            ("Phone", "--map: 'Phone' is not COLUMN=FIELD"),
            ("Phone=telephone", "--map: unknown field 'telephone'"),
            ("=phone", "--map: '=phone' names no column")
        ])
    func badOverride(text: String, message: String) {
        #expect {
            _ = try ColumnOverride(parsing: text)
        } throws: { error in
            (error as? ExchangeError)?.description.hasPrefix(message) == true
        }
    }

    @Test("--map of a column the file does not have names the columns it has")
    func missingColumn() throws {
        let override = try ColumnOverride(parsing: "Cell=mobile")
        #expect(throws: ExchangeError("--map: no column 'Cell' (columns: 'Name', 'Phone')")) {
            _ = try HeaderMapping(header: ["Name", "Phone"], overrides: [override])
        }
    }

    @Test("a file with no name or no way to reach anyone is refused before any row is read")
    func unusable() throws {
        #expect(throws: ExchangeError.self) { try HeaderMapping(header: ["Phone", "City"]).checkUsable() }
        #expect(throws: ExchangeError.self) { try HeaderMapping(header: ["Name", "City"]).checkUsable() }
        try HeaderMapping(header: ["Company", "Email"]).checkUsable()
    }

    @Test("header names with escape sequences are shown sanitized in the printout")
    func hostileHeader() throws {
        let mapping = try HeaderMapping(header: ["Name\u{1B}[2J", "Phone"])
        #expect(!mapping.describe().joined().contains("\u{1B}"))
        #expect(mapping.describe()[0].contains("Name^[[2J"))
    }
}
