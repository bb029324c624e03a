import BebackTestSupport
import Foundation
import Testing

/// Issue 23 item 5 on a one-person desk: an entry from the far future or from before the journal's
/// last entry is refused (it would bury the lead); a demo made with a fixed clock is exempt.
@Suite("Entries keep to the machine's time")
struct TimeSanityTests {
    @Test("log --at 3000 and --at 1900 are refused, the lead keeps its due time and its touches")
    func farTimes() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        #expect(try BebackProcess.run(["init", "--data", desk]).status == 0)
        let env = ["BEBACK_DATA": desk, "BEBACK_REP": "ann"]
        let added = try BebackProcess.run(["add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003"], environment: env)
        try #require(added.status == 0, "\(added.stderr)")
        let lead = try #require(added.stdout.split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) })
        let future = try BebackProcess.run(["log", lead, "--outcome", "voicemail", "--at", "3000-01-01 10:00"], environment: env)
        #expect(future.status == 1)
        #expect(
            future.stderr.contains("rep-ann.journal: an entry at 3000-01-01 10:00 is more than 5 minutes ahead of this machine's clock"), "\(future.stderr)")
        let past = try BebackProcess.run(["log", lead, "--outcome", "no-answer", "--at", "1900-01-01 10:00"], environment: env)
        #expect(past.status == 1)
        #expect(past.stderr.contains("an entry at 1900-01-01 10:00 is earlier than the journal's last entry"), "\(past.stderr)")
        let env2 = env.merging(["BEBACK_NOW": "3000-01-01 10:00"]) { $1 }
        #expect(try BebackProcess.run(["log", lead, "--outcome", "voicemail"], environment: env2).status == 1)
        let shown = try BebackProcess.run(["show", lead, "--format", "json"], environment: env)
        #expect(
            shown.stdout.contains("\"touches\" : 0") || shown.stdout.contains("\"touchCount\" : 0") || !shown.stdout.contains("voicemail"), "\(shown.stdout)")
        #expect(try BebackProcess.run(["log", lead, "--outcome", "voicemail"], environment: env).status == 0)
    }

    @Test("a demo made with a fixed clock takes entries ahead of the machine's clock")
    func fixedClockDemo() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        #expect(try BebackProcess.run(["demo", "--data", desk, "--leads", "60", "--seed", "11", "--at", "2999-11-23 10:42"]).status == 0)
        #expect(try String(contentsOfFile: desk + "/desk.conf", encoding: .utf8).contains("fixed_clock = yes"))
        let due = try BebackProcess.run(["due", "--data", desk, "--rep", "ben", "--format", "tsv", "--at", "2999-11-23 10:42"])
        let lead = try #require(due.stdout.split(separator: "\n").dropFirst().first?.split(separator: "\t")[2])
        let log = try BebackProcess.run(["log", String(lead), "--outcome", "no-answer", "--data", desk, "--rep", "ben", "--at", "2999-11-23 10:45"])
        #expect(log.status == 0, "\(log.stderr)")
    }
}
