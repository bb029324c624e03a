import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback demo`: creates a realistic demo desk, the same for the same seed and clock.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo desk (several reps, walkouts, voicemails, appointments, objections, wins).",
        discussion: "Refuses a folder that already holds a desk. The same --seed and --at give the same desk.")

    @OptionGroup var desk: DeskOptions
    @Option(help: "How many leads.") var leads: Int = 60
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Option(help: "How many reps (default: 3, or one per 2,000 leads).") var reps: Int?

    func run() throws {
        try reportingErrors {
            guard leads > 0 else { throw CLIError("--leads: must be at least 1") }
            if let reps, reps < 1 { throw CLIError("--reps: must be at least 1") }
            let clock = try desk.clock()
            let folder = try DeskFolder.create(at: URL(fileURLWithPath: desk.deskPath))
            let generator = DemoGenerator(leads: leads, seed: seed, now: clock.now, repCount: reps)
            let store = try FileEventStore(folder: folder, clock: clock)
            var total = 0
            for (rep, events) in generator.events().sorted(by: { $0.key < $1.key }) {
                let ordered = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
                var start = 0
                while start < ordered.count {
                    let batch = Array(ordered[start..<min(start + 20_000, ordered.count)])
                    try store.appendHistory(batch, to: .rep(rep))
                    start += batch.count
                }
                total += ordered.count
            }
            try DeskConfigFile.create(
                folder, members: generator.reps.map { TeamMember(name: $0, role: .rep) } + [TeamMember(name: "mia", role: .manager)],
                fixedClock: desk.at != nil || desk.environment["BEBACK_NOW"].map { !$0.isEmpty } == true)
            print(
                "created a demo desk in \(folder.root.path): \(leads) leads, \(total) entries, reps \(generator.reps.map(\.rawValue).joined(separator: ", ")), manager mia"
            )
            print("open it with: beback --data \(desk.deskPath) --rep \(generator.reps[0])")
        }
    }
}
