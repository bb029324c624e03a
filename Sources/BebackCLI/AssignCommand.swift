import ArgumentParser
import BebackDomain
import BebackStore
import BebackText
import Foundation

/// `beback assign`: a manager gives a lead to a rep, or deals the whole pool round-robin.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Give a lead to a rep, or deal the shared pool round-robin to the reps present (a manager's command).",
        discussion: """
            beback assign LEAD --to REP        one lead, from the pool or from another rep
            beback assign --pool --round-robin every pool lead, oldest due first, to the reps of desk.conf
                                               in turn, skipping those marked absent
            The lead keeps its whole history; an open lead gets a follow-up due at once on its new
            owner's desk. Entries go to the desk journal.
            """)

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String?
    @Option(help: "The rep who gets the lead.") var to: String?
    @Flag(help: "Assign the leads in the shared pool.") var pool = false
    @Flag(name: .customLong("round-robin"), help: "Deal the pool to the present reps in turn.") var roundRobin = false

    func validate() throws {
        if pool || roundRobin {
            guard pool, roundRobin, lead == nil, to == nil else {
                throw ValidationError("use either 'assign LEAD --to REP' or 'assign --pool --round-robin'")
            }
        } else {
            guard lead != nil, to != nil else { throw ValidationError("name a lead and --to REP, or use --pool --round-robin") }
        }
    }

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            try session.viewer.requireManager("assigning leads")
            let assignment = Assignment(config: session.config, actor: session.rep)
            let now = session.now
            if let lead, let to {
                let current = try session.state.findLead(lead)
                let rep = RepName(to)
                let events = try session.withIDs { ids in try assignment.assign(current, to: rep, at: now, ids: &ids) }
                try session.save(events, to: .desk)
                let absent = session.config.member(rep)?.absent == true ? " (note: desk.conf marks \(rep) absent)" : ""
                print("assigned \(current.id) (\(SafeText.sanitize(current.profile.name))) from \(current.profile.owner) to \(rep)\(absent)")
                return
            }
            let (events, given) = try session.withIDs { ids in try assignment.roundRobin(session.state, at: now, ids: &ids) }
            guard !given.isEmpty else {
                print("assign: the pool is empty")
                return
            }
            try session.save(events, to: .desk)
            for (lead, rep) in given {
                print("assigned \(lead) (\(SafeText.sanitize(session.state.leads[lead]?.profile.name ?? ""))) to \(rep)")
            }
            let perRep = Dictionary(grouping: given, by: \.1).mapValues(\.count)
            let skipped = session.config.members.filter { $0.role == .rep && $0.absent }.map(\.name.rawValue)
            print(
                "assign: \(given.count) pool lead\(given.count == 1 ? "" : "s") dealt: "
                    + session.config.assignableReps.map { "\($0) \(perRep[$0, default: 0])" }.joined(separator: " · ")
                    + (skipped.isEmpty ? "" : " (absent, skipped: \(skipped.joined(separator: ", ")))"))
        }
    }
}
