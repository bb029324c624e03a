import Testing
#if Postgres
    import BebackPostgres

    @Suite("PostgreSQL desk addresses")
    struct PostgresDeskAddressTests {
        @Test("PostgreSQL address: user, password from PGPASSWORD, desk, and one-line errors that hide the password")
        func addresses() throws {
            let address = try PostgresDeskAddress("postgres://ann@db.example:6543/sales?desk=north", environment: ["PGPASSWORD": "s3cret"])
            #expect(address.host == "db.example" && address.port == 6543 && address.database == "sales" && address.desk == "north")
            #expect(address.password == "s3cret")
            #expect(!address.description.contains("s3cret"))
            #expect(throws: PostgresAddressError.self) { try PostgresDeskAddress("postgres://ann:pw@host/db?desk=a/b", environment: [:]) }
            do {
                _ = try PostgresDeskAddress("postgres://ann:pw@host/db?colour=red", environment: [:])
                Issue.record("an unknown parameter was accepted")
            } catch {
                #expect(
                    error.description
                        == "postgres://ann:***@host/db?colour=red: unknown parameter 'colour' (known: desk, sslmode, connect_timeout, lock_timeout)")
            }
        }
    }
#endif
