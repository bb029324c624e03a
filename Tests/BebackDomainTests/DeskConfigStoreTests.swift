import BebackDomain
import Testing

@Suite("desk.conf [store]: where the journals live")
struct DeskConfigStoreTests {
    @Test("[store] url names a PostgreSQL desk; without it the journals stay in the folder")
    func storeURL() throws {
        let config = try DeskConfigParser.parse("[reps]\nann = rep\n\n[store]\nurl = postgres://ann@db.example/sales?desk=north\n")
        #expect(config.storeURL == "postgres://ann@db.example/sales?desk=north")
        #expect(config.member("ann")?.role == .rep)
        #expect(try DeskConfigParser.parse("[reps]\nann = rep\n").storeURL == nil)
    }

    @Test(
        "a [store] line that is not a postgres:// url, or an unknown key, names its line",
        arguments: [
            ("[store]\nurl = /srv/desk\n", "desk.conf:2: 'url' must be a postgres:// URL, got '/srv/desk'"),
            ("[store]\nhost = db\n", "desk.conf:2: unknown store key 'host' (known: url)")
        ])
    func malformed(text: String, message: String) {
        do {
            _ = try DeskConfigParser.parse(text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description == message)
        }
    }
}
