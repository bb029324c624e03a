import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Who may see and change what")
struct DeskAccessTests {
    let config = DeskConfig(members: [TeamMember(name: "ann", role: .rep), TeamMember(name: "ben", role: .rep), TeamMember(name: "mia", role: .manager)])

    func lead(owner: RepName) -> LeadState {
        LeadState(id: "k7q2m", profile: Fixtures.profile(owner: owner), wants: "", holdingBack: "", capturedAt: Date(timeIntervalSince1970: 0))
    }

    @Test("a rep sees their own leads and the pool, not another rep's")
    func repSees() throws {
        let ann = try DeskAccess.resolve("ann", config: config, asManager: false)
        #expect(ann.canSee(lead(owner: "ann")))
        #expect(ann.canSee(lead(owner: DeskConfig.poolOwner)))
        #expect(!ann.canSee(lead(owner: "ben")))
        #expect(throws: AccessError.notYours(lead: "k7q2m", owner: "ben", viewer: "ann")) { try ann.visible(lead(owner: "ben")) }
        #expect(throws: AccessError.self) { try ann.requireManager("reclaiming") }
        #expect(throws: AccessError.self) { try ann.requireAudit(of: "ben") }
        try ann.requireAudit(of: "ann")
    }

    @Test("a manager sees every calendar; --manager is refused to a rep and to strangers")
    func manager() throws {
        let mia = try DeskAccess.resolve("mia", config: config, asManager: true)
        #expect(mia.canSee(lead(owner: "ben")))
        try mia.requireAudit(of: nil)
        #expect(throws: AccessError.notManager("ann", managers: ["mia"])) { try DeskAccess.resolve("ann", config: config, asManager: true) }
        #expect(throws: AccessError.notOnTeam("zed", team: ["ann", "ben", "mia"])) { try DeskAccess.resolve("zed", config: config, asManager: false) }
        #expect(throws: AccessError.notManager("ann", managers: [])) { try DeskAccess.resolve("ann", config: DeskConfig(), asManager: true) }
        // The domain's words name no flag (the command line adds its own: CommandLineMessagesTests).
        #expect(AccessError.notManager("ann", managers: ["mia"]).description == "ann is not a manager in desk.conf (managers: mia)")
        #expect(!AccessError.managerOnly("reclaiming").description.contains("--"))
    }

    @Test("a manager opening the desk without --manager works as a rep")
    func managerAsRep() throws {
        let mia = try DeskAccess.resolve("mia", config: config, asManager: false)
        #expect(!mia.isManager)
        #expect(!mia.canSee(lead(owner: "ben")))
    }
}
