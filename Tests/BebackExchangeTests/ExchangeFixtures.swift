import BebackDomain
import BebackExchange
import BebackTestSupport
import Foundation

/// The fixture files of this target and the steps every import test takes with them.
enum ExchangeFixtures {
    static let zone = "Europe/London"
    static let now = Fixtures.at("2026-11-23 10:42", zone)

    static func url(_ file: String) throws -> URL {
        let name = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures") else {
            throw ExchangeError("fixture \(file) is missing from the test bundle")
        }
        return url
    }

    static func data(_ file: String) throws -> Data { try Data(contentsOf: url(file)) }

    static func reader(_ file: String, overrides: [ColumnOverride] = []) throws -> LeadFileReader {
        try LeadFileReader(name: file, bytes: data(file), overrides: overrides)
    }

    static func validator(owner: RepName = "ann") -> LeadRowValidator {
        LeadRowValidator(defaultOwner: owner, defaultTimeZone: zone, now: now)
    }

    /// Reads every record of a reader into a plan against a desk.
    static func plan(_ reader: LeadFileReader, state: DeskState = DeskState(), policy: DuplicatePolicy = .skip) -> ImportPlan {
        var planner = ImportPlanner(state: state, policy: policy, validator: validator())
        while let raw = reader.next() { planner.add(raw) }
        var plan = planner.finish()
        plan.rejects += reader.unreadable
        return plan
    }

    static func plan(
        _ file: String, state: DeskState = DeskState(), policy: DuplicatePolicy = .skip,
        overrides: [ColumnOverride] = []
    ) throws -> ImportPlan {
        plan(try reader(file, overrides: overrides), state: state, policy: policy)
    }

    /// Imports a plan into a desk state the way the command does, and returns the new state.
    static func apply(_ plan: ImportPlan, to state: DeskState, rep: RepName = "ann", seed: UInt64 = 7) -> (DeskState, ImportEvents) {
        var ids = SeededIDGenerator(seed: seed)
        let events = ImportEvents(plan: plan, actions: LeadActions(rep: rep), state: state, at: now, ids: &ids)
        var next = state
        for owner in events.byOwner.keys.sorted() {
            for event in events.byOwner[owner] ?? [] { next.apply(event) }
        }
        return (next, events)
    }

    /// A CSV file of `rows` generated leads (never committed: made by the test that needs it).
    static func generatedCSV(rows: Int) -> String {
        var text = "First Name,Last Name,Company,Phone,Email,Lead Source,Owner,Description\r\n"
        text.reserveCapacity(rows * 120)
        for index in 0..<rows {
            let owner = ["ann", "ben", "cara"][index % 3]
            let notes = index % 7 == 0 ? "\"met at the fair, wants \"\"the big one\"\"\"" : ""
            text +=
                "Lead,Number \(index),\"Firm \(index % 97), Ltd\",+44 20 \(String(format: "%04d %04d", index / 10_000, index % 10_000)),"
                + "lead\(index)@example.com,Trade Show,\(owner),\(notes)\r\n"
        }
        return text
    }
}
