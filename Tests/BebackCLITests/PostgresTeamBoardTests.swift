@testable import BebackCLI
import BebackDesk
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// The manager's board on PostgreSQL, read by GROUP BY over the summary rows and the per-rep tally of
/// touches, against `TeamBoard` of a full replay: random demo desks, several periods, after the manager
/// reassigns, deals and reclaims, after reps' appends and an undo, after a fault between the entry and
/// the tally, after tampering, and on a database made before the board's schema.
@Suite(
    "The manager's board from PostgreSQL's per-rep aggregates", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresTeamBoardTests {
    #if Postgres
        /// A demo desk in a fresh PostgreSQL desk.
        struct Demo {
            var store: PostgresEventStore
            var address: PostgresDeskAddress
            var config: DeskConfig
            var zone: TimeZone
            var now: Date
            var reps: [RepName]
        }

        static let manager: RepName = "mia"

        /// An outcome as the desk records it (an appointment three hours on).
        static func request(_ lead: LeadID, _ outcome: Disposition, at: Date) -> OutcomeRequest {
            var details = OutcomeDetails()
            if outcome == .appointment { details.appointmentAt = at.addingTimeInterval(3 * 3600) }
            return OutcomeRequest(lead: lead, outcome: outcome, details: details, confirmed: true)
        }

        /// Runs SQL with `psql` on another database of the test server.
        static func psql(_ url: String, _ sql: String) throws -> (status: Int32, output: String, errors: String) {
            try PostgresTestServer.psql(url: url, sql)
        }

        func demo(seed: UInt64, leads: Int, reps: Int, zone: String, url: String? = nil, existing: Bool = false) throws -> Demo {
            let zone = try #require(TimeZone(identifier: zone))
            // A demo's clock on a whole minute, somewhere in late 2026.
            let now = Date(timeIntervalSince1970: 1_794_000_000 + Double(seed % 97) * 86_400 + Double(seed % 53) * 60)
            let generator = DemoGenerator(leads: leads, seed: seed, now: now, repCount: reps)
            let address = try PostgresDeskAddress(url ?? PostgresTestServer.freshDeskURL("board"))
            let store = existing ? try PostgresEventStore(address: address) : try PostgresEventStore.create(at: address)
            for (rep, events) in generator.events().sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                var start = 0
                while start < events.count {
                    _ = try store.append(Array(events[start..<min(start + 700, events.count)]), to: .rep(rep))
                    start += 700
                }
            }
            var members = generator.reps.map { TeamMember(name: $0, role: .rep) }
            members.append(TeamMember(name: Self.manager, role: .manager))
            return Demo(store: store, address: address, config: DeskConfig(members: members), zone: zone, now: now, reps: generator.reps)
        }

        func replay(_ store: PostgresEventStore) throws -> DeskState {
            let loaded = try store.load()
            try #require(loaded.problems.isEmpty)
            return DeskState(replaying: loaded.events.map(\.event))
        }

        /// The database's board for `period` against the replay's: board, weekly touches, pool.
        /// Returns whether the database gave figures at all.
        @discardableResult
        func expectBoardMatches(_ demo: Demo, state: DeskState, period: TeamPeriod, required: Bool = true, _ label: String) throws -> Bool {
            guard let read = try demo.store.teamFigures(config: demo.config, period: period) else {
                #expect(!required, "\(label): the database gave no figures for \(period)")
                return false
            }
            let board = TeamBoard(figures: read.figures, config: demo.config, period: period)
            let expected = TeamBoard(state: state, config: demo.config, period: period)
            #expect(board == expected, "\(label): \(board.rows) vs \(expected.rows)")
            for row in expected.rows {
                let weekly = read.weekly[row.rep] ?? Array(repeating: 0, count: 8)
                #expect(weekly == TeamTrends(state: state, period: period, only: row.rep).weeklyTouches, "\(label): \(row.rep)'s weeks")
            }
            let pool = state.leads.values.filter { $0.profile.owner == DeskConfig.poolOwner && !$0.isClosed && !$0.doNotContact }
            #expect(Set(read.pool.map(\.id)) == Set(pool.map(\.id)), "\(label): pool")
            for lead in read.pool { #expect(state.leads[lead.id] == lead) }
            return true
        }

        /// Periods to compare: this week and this month at the demo's clock and at earlier moments one
        /// second before a quarter hour (the tally's last quarter hour is then whole).
        func periods(_ demo: Demo, seed: UInt64) -> [(String, TeamPeriod)] {
            var random = SeededRandom(seed: seed &* 31 &+ 7)
            var nows = [demo.now]
            for _ in 0..<3 {
                let back = Double(random.next() % (40 * 96)) * 900
                let boundary = (demo.now.timeIntervalSince1970 / 900).rounded(.down) * 900 - back
                nows.append(Date(timeIntervalSince1970: boundary - 1))
            }
            return nows.flatMap { now in
                [
                    ("week to \(now)", TeamPeriod.thisWeek(now, timeZone: demo.zone)),
                    ("month to \(now)", TeamPeriod(since: TeamPeriod.startOfMonth(now, timeZone: demo.zone), now: now, timeZone: demo.zone))
                ]
            }
        }

        @Test("random demo desks: the board from the aggregates equals TeamBoard of a full replay, for several periods")
        func randomDemoDesks() throws {
            var generator = SystemRandomNumberGenerator()
            let cases: [(String, Int, Int)] = [("Europe/London", 240, 3), ("Asia/Kolkata", 180, 4), ("America/New_York", 150, 2)]
            for (zone, leads, reps) in cases {
                let seed = UInt64.random(in: 1...1_000_000, using: &generator)
                let demo = try demo(seed: seed, leads: leads, reps: reps, zone: zone)
                defer { demo.store.close() }
                let state = try replay(demo.store)
                #expect(PostgresEventStore.compare(tally: WorkTally(leads: state.leads.values), stored: try demo.store.storedTally()).isEmpty)
                for (label, period) in periods(demo, seed: seed) {
                    try expectBoardMatches(demo, state: state, period: period, "seed \(seed) \(zone) \(label)")
                }
                // A touch later than `now` in now's quarter hour: the database says it cannot tell, never a wrong count.
                if let touch = state.leads.values.flatMap(\.touches).first(where: {
                    WorkTally.slot(of: $0.at) == WorkTally.slot(of: $0.at.addingTimeInterval(-1))
                }) {
                    let now = touch.at.addingTimeInterval(-1)
                    #expect(try demo.store.teamFigures(config: demo.config, period: TeamPeriod.thisWeek(now, timeZone: demo.zone)) == nil)
                }
            }
        }

        @Test("after the manager reassigns, deals and reclaims, and reps log outcomes and undo one, the board still equals a replay")
        func afterManagerAndReps() throws {
            let seed = UInt64.random(in: 1...1_000_000)
            let demo = try demo(seed: seed, leads: 200, reps: 3, zone: "Europe/London")
            defer { demo.store.close() }
            var state = try replay(demo.store)
            var ids = SeededIDGenerator(seed: seed &+ 5)
            let at = demo.now
            // The manager: idle leads reclaimed to the pool, the pool dealt, one lead moved between reps.
            let sweep = IdleSweep(policy: demo.config.policy, actor: Self.manager).events(for: state, at: at, ids: &ids)
            if !sweep.isEmpty { _ = try demo.store.append(sweep, to: .desk) }
            state = try replay(demo.store)
            try expectBoardMatches(demo, state: state, period: TeamPeriod.thisWeek(at, timeZone: demo.zone), "after reclaim")
            let assignment = Assignment(config: demo.config, actor: Self.manager)
            let (dealt, _) = try assignment.roundRobin(state, at: at, ids: &ids)
            if !dealt.isEmpty { _ = try demo.store.append(dealt, to: .desk) }
            state = try replay(demo.store)
            let moved = try #require(state.leads(ownedBy: demo.reps[0]).first { !$0.isClosed })
            _ = try demo.store.append(try assignment.assign(moved, to: demo.reps[1], at: at, ids: &ids), to: .desk)
            state = try replay(demo.store)
            try expectBoardMatches(demo, state: state, period: TeamPeriod.thisWeek(at, timeZone: demo.zone), "after reassignments")
            // Reps log outcomes on their own open leads (a sale and an appointment among them).
            let outcomes: [Disposition] = [.won, .appointment, .voicemail, .reached, .noAnswer]
            for (index, rep) in demo.reps.enumerated() {
                let open = state.leads(ownedBy: rep).filter { !$0.isClosed && !$0.doNotContact }.prefix(outcomes.count)
                for (lead, outcome) in zip(open, outcomes.dropFirst(index % 2)) {
                    let (events, _) = try LeadActions(rep: rep).record(Self.request(lead.id, outcome, at: at), state: state, at: at, ids: &ids)
                    _ = try demo.store.append(events, to: .rep(rep))
                    state = try replay(demo.store)
                }
            }
            try expectBoardMatches(demo, state: state, period: TeamPeriod.thisWeek(at, timeZone: demo.zone), "after reps' outcomes")
            // A rep's undo of their last touch: the tally goes down again.
            let rep = demo.reps[2]
            let touched = try #require(
                state.leads.values.first { $0.touches.last?.actor == rep && $0.touches.last.map { $0.at >= at.addingTimeInterval(-1) } == true })
            let last = try #require(touched.touches.last)
            _ = try demo.store.append(
                [try LeadActions(rep: rep).event(.revoked(last.event, reason: "wrong lead"), on: touched.id, state: state, at: at, ids: &ids)], to: .rep(rep))
            state = try replay(demo.store)
            try expectBoardMatches(demo, state: state, period: TeamPeriod.thisWeek(at, timeZone: demo.zone), "after an undo")
            #expect(PostgresEventStore.compare(tally: WorkTally(leads: state.leads.values), stored: try demo.store.storedTally()).isEmpty)
            // `rebuild` finds nothing to change.
            let rebuilt = try demo.store.rebuildSummaries()
            #expect(rebuilt.differences.isEmpty, "\(rebuilt.differences.prefix(5))")
        }

        @Test("an append whose tally cannot be written saves no entry: the entry and the tally are one transaction")
        func entryAndTallyAreOneTransaction() throws {
            let demo = try demo(seed: 4242, leads: 60, reps: 2, zone: "Europe/London")
            defer { demo.store.close() }
            let state = try replay(demo.store)
            let entriesBefore = try demo.store.load().events.count
            let tallyBefore = try demo.store.storedTally()
            let desk = demo.address.desk
            let fault = try PostgresTestServer.psql(
                """
                CREATE OR REPLACE FUNCTION beback_test_tally_fault() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.desk = '\(desk)' THEN RAISE EXCEPTION 'tally write fails'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER beback_test_tally_fault BEFORE INSERT OR UPDATE ON beback_rep_work FOR EACH ROW EXECUTE FUNCTION beback_test_tally_fault();
                """)
            try #require(fault.status == 0, "\(fault.errors)")
            defer { _ = try? PostgresTestServer.psql("DROP TRIGGER IF EXISTS beback_test_tally_fault ON beback_rep_work") }
            let rep = demo.reps[0]
            let lead = try #require(state.leads(ownedBy: rep).first { !$0.isClosed && !$0.doNotContact })
            var ids = SeededIDGenerator(seed: 77)
            let (events, _) = try LeadActions(rep: rep).record(OutcomeRequest(lead: lead.id, outcome: .won), state: state, at: demo.now, ids: &ids)
            #expect(throws: (any Error).self) { _ = try demo.store.append(events, to: .rep(rep)) }
            // Neither the entry nor the lead's summary row nor the tally moved.
            #expect(try demo.store.load().events.count == entriesBefore)
            #expect(try demo.store.storedTally() == tallyBefore)
            #expect(
                PostgresEventStore.compare(
                    expected: PostgresEventStore.summaryRows(replaying: try demo.store.load().events), actual: try demo.store.summaryRows()
                ).isEmpty)
            try expectBoardMatches(demo, state: try replay(demo.store), period: TeamPeriod.thisWeek(demo.now, timeZone: demo.zone), "after the failed append")
            _ = try PostgresTestServer.psql("DROP TRIGGER beback_test_tally_fault ON beback_rep_work")
            _ = try demo.store.append(events, to: .rep(rep))
            let after = try replay(demo.store)
            try expectBoardMatches(demo, state: after, period: TeamPeriod.thisWeek(demo.now, timeZone: demo.zone), "after the append went in")
            #expect(
                TeamBoard(state: after, config: demo.config, period: TeamPeriod.thisWeek(demo.now, timeZone: demo.zone)).team.wins
                    == TeamBoard(state: state, config: demo.config, period: TeamPeriod.thisWeek(demo.now, timeZone: demo.zone)).team.wins + 1)
        }

        @Test("a tally or a board column changed behind the store's back shows on the board; rebuild names it and repairs it")
        func tamperedAggregatesShowAndRebuildRepairs() throws {
            let demo = try demo(seed: 9001, leads: 120, reps: 3, zone: "Europe/London")
            defer { demo.store.close() }
            let state = try replay(demo.store)
            let period = TeamPeriod.thisWeek(demo.now, timeZone: demo.zone)
            let expected = TeamBoard(state: state, config: demo.config, period: period)
            let desk = demo.address.desk
            let slot = WorkTally.slot(of: demo.now)
            let rep = demo.reps[0].rawValue
            let changed = try PostgresTestServer.psql(
                """
                INSERT INTO beback_rep_work VALUES ('\(desk)', '\(rep)', \(slot - 1), 1, 1, 0, 1, \(Double(slot - 1) * 900));
                UPDATE beback_leads SET worked = NOT coalesce(worked, false) WHERE desk = '\(desk)' AND is_open AND due < \(demo.now.timeIntervalSince1970 - 86_400 * 2) AND owner = '\(rep)';
                """)
            try #require(changed.status == 0, "\(changed.errors)")
            let read = try #require(try demo.store.teamFigures(config: demo.config, period: period))
            let board = TeamBoard(figures: read.figures, config: demo.config, period: period)
            let row = try #require(board.rows.first { $0.rep.rawValue == rep }), want = try #require(expected.rows.first { $0.rep.rawValue == rep })
            #expect(row.touches == want.touches + 1)
            #expect(row.wins == want.wins + 1)
            #expect(row.overdue != want.overdue)
            let rebuilt = try demo.store.rebuildSummaries()
            #expect(rebuilt.differences.contains { $0.hasPrefix("tally \(rep) at ") })
            #expect(rebuilt.differences.contains { $0.contains("board columns differ") })
            #expect(rebuilt.remaining.isEmpty)
            try expectBoardMatches(demo, state: state, period: period, "after rebuild")
        }

        @Test("a database made before the board's schema (version 7): no figures until rebuild upgrades it, then the replay's")
        func upgradeFromSchemaSeven() throws {
            let base = try #require(PostgresTestServer.url)
            let database = "beback_upgrade_\(UUID().uuidString.prefix(8).lowercased())"
            let made = try PostgresTestServer.psql("CREATE DATABASE \(database)")
            try #require(made.status == 0, "\(made.errors)")
            defer { _ = try? PostgresTestServer.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
            let server = String(base[..<(base.lastIndex(of: "/") ?? base.endIndex)]) + "/\(database)"
            // Today's main: its statements (unchanged, `PostgresSchema.tables`) stamped version 7, and its desk row.
            let statements =
                PostgresSchema.tables + [
                    "DELETE FROM beback_schema", "INSERT INTO beback_schema (version) VALUES (7)",
                    "INSERT INTO beback_desks (desk, summarized) VALUES ('old', true)"
                ]
            for statement in statements {
                let ran = try Self.psql(server, statement)
                try #require(ran.status == 0, "\(ran.errors)")
            }
            // Its entries written as main writes them (no board columns, no tally: the store sees no board schema).
            let demo = try demo(seed: 31337, leads: 90, reps: 2, zone: "Europe/London", url: server + "?desk=old", existing: true)
            defer { demo.store.close() }
            let period = TeamPeriod.thisWeek(demo.now, timeZone: demo.zone)
            #expect(try demo.store.teamFigures(config: demo.config, period: period) == nil)
            #expect(
                try Self.psql(server, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'beback_leads' AND column_name = 'worked'").output
                    .hasPrefix("0"))
            // `rebuild` (the tables' owner) installs version 8, builds the columns and the tally, and says so.
            let rebuilt = try demo.store.rebuildSummaries()
            #expect(rebuilt.differences.contains { $0.contains("not built yet") }, "\(rebuilt.differences.prefix(3))")
            #expect(rebuilt.remaining.isEmpty)
            let state = try replay(demo.store)
            try expectBoardMatches(demo, state: state, period: period, "after the upgrade")
            // Appends after the upgrade keep it.
            var ids = SeededIDGenerator(seed: 8)
            let rep = demo.reps[0]
            let lead = try #require(state.leads(ownedBy: rep).first { !$0.isClosed && !$0.doNotContact })
            let (events, _) = try LeadActions(rep: rep).record(Self.request(lead.id, .appointment, at: demo.now), state: state, at: demo.now, ids: &ids)
            _ = try demo.store.append(events, to: .rep(rep))
            try expectBoardMatches(demo, state: try replay(demo.store), period: period, "after an append on the upgraded desk")
        }

        @Test("the manager's screen on PostgreSQL opens on the aggregates' board; the report follows from the background and matches a replay")
        func managerScreenFromAggregates() throws {
            let demo = try demo(seed: 555, leads: 150, reps: 3, zone: "Europe/London")
            defer { demo.store.close() }
            let state = try replay(demo.store)
            let reader = try PostgresEventStore(address: demo.address)
            defer { reader.close() }
            let loaded = try #require(try reader.openDesk(appVersion: "test"))
            let session = try DeskSession(
                store: reader, rep: Self.manager, clock: FixedClock(demo.now), policy: demo.config.policy, deskTimeZone: demo.zone, idSeed: 3,
                preloaded: loaded)
            session.config = demo.config
            session.access = try DeskAccess.resolve(Self.manager, config: demo.config, asManager: true)
            let app = try ManagerApp(session: session)
            app.open()
            let period = TeamPeriod.thisWeek(demo.now, timeZone: demo.zone)
            #expect(app.context.sheet.board == TeamBoard(state: state, config: demo.config, period: period))
            let expected = ManagerContext(state: state, now: demo.now, manager: Self.manager, config: demo.config, timeZone: demo.zone)
            #expect(app.context.pool.map(\.id) == expected.pool.map(\.id))
            #expect(app.context.weekly == expected.weekly)
            #expect(
                PostgresTestServer.eventually(seconds: 30) {
                    for message in app.idle() { app.send(message) }
                    return app.context.reportPending == nil
                })
            #expect(app.context.sheet.text == expected.sheet.text)
            #expect(app.context.idle == expected.idle)
        }
    #endif
}
