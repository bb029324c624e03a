@testable import BebackCLI
import BebackDomain
import Testing

@Suite("The command line's words for the domain's refusals")
struct CommandLineMessagesTests {
    @Test("access refusals name the flag to use or the flag that was wrong")
    func access() {
        #expect(AccessError.notManager("ann", managers: ["mia"]).commandLineMessage == "--manager: ann is not a manager in desk.conf (managers: mia)")
        #expect(AccessError.notManager("ann", managers: []).commandLineMessage == "--manager: ann is not a manager in desk.conf (desk.conf lists no manager)")
        #expect(
            AccessError.managerOnly("due --all").commandLineMessage
                == "due --all is for a manager: open the desk with --manager as a rep listed as manager in desk.conf")
        let stranger = AccessError.notOnTeam("zed", team: ["ann", "mia"])
        #expect(stranger.commandLineMessage == stranger.description)
    }

    @Test("assignment refusals name --to, and the command that sends leads to the pool")
    func assignment() {
        #expect(AssignmentError.unknownRep("zed", team: ["ann", "ben"]).commandLineMessage == "--to: zed is not a rep in desk.conf (reps: ann, ben)")
        #expect(AssignmentError.toPool.commandLineMessage == "--to: use 'beback reclaim' to send leads to the pool")
        #expect(AssignmentError.nobodyPresent.commandLineMessage == AssignmentError.nobodyPresent.description)
        #expect(!AssignmentError.toPool.description.contains("--"))
    }
}
