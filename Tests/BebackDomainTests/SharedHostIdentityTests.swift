import BebackDomain
import Foundation
import Testing

@Suite("On a shared host the rep is the login")
struct SharedHostIdentityTests {
    let config = try! DeskConfigParser.parse(
        """
        [reps]
        ann = rep, user=ann.k
        ben = rep absent, user=bsmith
        mia = manager, user=mia
        """)

    @Test("desk.conf maps each person to an account; the mode follows from it")
    func modes() throws {
        #expect(config.trust == .sharedHost)
        #expect(config.member(account: "bsmith")?.name == "ben")
        #expect(config.member("ben")?.absent == true)
        #expect(config.account(of: "ann") == "ann.k")
        #expect(config.account(of: "zed") == "zed")
        #expect(config.managerAccounts == ["mia"])
        #expect(try DeskConfigParser.parse("[reps]\nann = rep\n").trust == .namedTeam)
        #expect(DeskConfig().trust == .onePerson)
        let again = try DeskConfigParser.parse(DeskConfigParser.template(members: config.members))
        #expect(again.members == config.members)
    }

    @Test("the login is the rep; --rep may name only yourself")
    func loginIsTheRep() throws {
        #expect(try SharedHostIdentity.rep(login: "bsmith", isRoot: false, requested: nil, config: config) == "ben")
        #expect(try SharedHostIdentity.rep(login: "bsmith", isRoot: false, requested: "ben", config: config) == "ben")
        #expect(throws: AccessError.notYourself(requested: "mia", login: "bsmith", rep: "ben")) {
            try SharedHostIdentity.rep(login: "bsmith", isRoot: false, requested: "mia", config: config)
        }
        #expect(throws: AccessError.unknownLogin("dan")) {
            try SharedHostIdentity.rep(login: "dan", isRoot: false, requested: "ann", config: config)
        }
        #expect(
            AccessError.notYourself(requested: "mia", login: "bsmith", rep: "ben").description
                == "mia is not you: you are logged in as bsmith, rep ben; on a shared-host desk you act only as yourself",
            "the domain's words name no flag; the command line adds --rep")
    }

    @Test("root acts as nobody, even naming a rep")
    func rootIsNobody() {
        #expect(throws: AccessError.rootActsAsNobody) {
            try SharedHostIdentity.rep(login: "root", isRoot: true, requested: "ann", config: config)
        }
    }

    @Test("--manager works only for the account listed as manager")
    func managerByAccount() throws {
        let ben = try SharedHostIdentity.rep(login: "bsmith", isRoot: false, requested: nil, config: config)
        #expect(throws: AccessError.notManager("ben", managers: ["mia"])) { try DeskAccess.resolve(ben, config: config, asManager: true) }
        let mia = try SharedHostIdentity.rep(login: "mia", isRoot: false, requested: nil, config: config)
        #expect(try DeskAccess.resolve(mia, config: config, asManager: true).isManager)
    }
}
