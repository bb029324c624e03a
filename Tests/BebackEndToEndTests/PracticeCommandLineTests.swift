import BebackTestSupport
import Foundation
import Testing

/// `beback decision`, `feedback`, `objection` and a touch's channel, driven as a script would.
@Suite("The whole practice on the command line")
struct PracticeCommandLineTests {
    func deskWithLead() throws -> (env: [String: String], lead: String) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        #expect(try BebackProcess.run(["init", "--data", path]).status == 0)
        let env = ["BEBACK_DATA": path, "BEBACK_REP": "ann", "BEBACK_NOW": "2026-11-23 10:42"]
        let added = try BebackProcess.run(
            ["add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003", "--email", "p@example.com", "--wants", "oak kitchen", "--tz", "Europe/London"],
            environment: env)
        #expect(added.status == 0, "\(added.stderr)")
        let match = try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/))
        return (env, String(match.1))
    }

    @Test("each command has --help naming its options")
    func help() throws {
        for (command, options) in [
            ("decision", ["--deciders", "--needs", "--review"]), ("feedback", ["--likes", "--comfort", "--price"]),
            ("objection", ["--status", "--answer", "--words"])
        ] {
            let result = try BebackProcess.run([command, "--help"])
            #expect(result.status == 0, "\(command): \(result.stderr)")
            for option in options { #expect(result.stdout.contains(option), "\(command) --help lacks \(option)") }
        }
    }

    @Test("decision and feedback record, keep what an option leaves out, and show and JSON carry them")
    func decisionAndFeedback() throws {
        let (env, lead) = try deskWithLead()
        let nothing = try BebackProcess.run(["decision", lead], environment: env)
        #expect(nothing.status != 0)
        #expect(nothing.stderr.contains("nothing to record: give --deciders, --criteria, --needs or --review"), "\(nothing.stderr)")
        let first = try BebackProcess.run(["decision", lead, "--deciders", "Tom (husband)", "--criteria", "oak finish"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try BebackProcess.run(["decision", lead, "--needs", "the written quote", "--review", "a week"], environment: env)
        #expect(second.stdout.contains("Others who decide: Tom (husband)"), "\(second.stdout)")
        #expect(second.stdout.contains("What they need to see: the written quote"))
        let feedback = try BebackProcess.run(["feedback", lead, "--likes", "the oak", "--price", "a stretch"], environment: env)
        #expect(feedback.status == 0, "\(feedback.stderr)")
        #expect(feedback.stdout.contains("likes the oak; price: a stretch"), "\(feedback.stdout)")

        let shown = try BebackProcess.run(["show", lead], environment: env)
        for line in [
            "Others who decide: Tom (husband)", "They decide on: oak finish", "What they need to see: the written quote", "Review time: a week",
            "Feedback (Mon 23 Nov): likes the oak; price: a stretch"
        ] {
            #expect(shown.stdout.contains(line), "show lacks \(line):\n\(shown.stdout)")
        }
        let json = try BebackProcess.run(["show", lead, "--format", "json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["decisionProcess"] as? [String: Any])?["informationNeeded"] as? String == "the written quote")
        #expect((object["feedback"] as? [String: Any])?["priceFit"] as? String == "a stretch")
        let exported = try BebackProcess.run(["export", "--format", "json"], environment: env)
        let leads = try #require(try JSONSerialization.jsonObject(with: Data(exported.stdout.utf8)) as? [[String: Any]])
        #expect((leads.first?["decisionProcess"] as? [String: Any])?["otherDeciders"] as? String == "Tom (husband)", "\(exported.stdout)")
        #expect((leads.first?["feedback"] as? [String: Any])?["likes"] as? String == "the oak")
    }

    @Test("objection logs one, then sets its status; answered needs an answer; an unknown one is named")
    func objection() throws {
        let (env, lead) = try deskWithLead()
        let logged = try BebackProcess.run(["objection", lead, "--words", "more than we planned", "--category", "price"], environment: env)
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(logged.stdout.contains("logged objection 1 (price)"), "\(logged.stdout)")
        let noAnswer = try BebackProcess.run(["objection", lead, "1", "--status", "answered"], environment: env)
        #expect(noAnswer.status != 0)
        #expect(noAnswer.stderr.contains("missing the answer we gave"), "\(noAnswer.stderr)")
        let unknown = try BebackProcess.run(["objection", lead, "2", "--status", "recurring"], environment: env)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("has no objection '2'"), "\(unknown.stderr)")
        let answered = try BebackProcess.run(["objection", lead, "1", "--status", "answered", "--answer", "spread over twelve months"], environment: env)
        #expect(answered.status == 0, "\(answered.stderr)")
        #expect(answered.stdout.contains("answered · answer: spread over twelve months"), "\(answered.stdout)")
        let shown = try BebackProcess.run(["show", lead], environment: env)
        #expect(shown.stdout.contains("objections answered\n  1 price  \"more than we planned\"  spread over twelve months"), "\(shown.stdout)")
    }

    @Test("a touch's channel: phone by default; an outcome on a channel where it cannot happen is refused")
    func channel() throws {
        let (env, lead) = try deskWithLead()
        let voicemail = try BebackProcess.run(["log", lead, "--outcome", "voicemail", "--channel", "email"], environment: env)
        #expect(voicemail.status != 0)
        #expect(voicemail.stderr.contains("voicemail does not happen by email (only phone)"), "\(voicemail.stderr)")
        let text = try BebackProcess.run(["log", lead, "--outcome", "no-answer", "--channel", "text"], environment: env)
        #expect(text.status == 0, "\(text.stderr)")
        let shown = try BebackProcess.run(["show", lead, "--format", "json"], environment: env)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect((object["history"] as? [[String: Any]])?.first?["channel"] as? String == "text")
    }
}
