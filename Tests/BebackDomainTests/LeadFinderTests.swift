@testable import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Finding any lead: name, company, email, id, notes, objections, a phone number in any format")
struct LeadFinderTests {
    let london = "Europe/London"

    /// Three leads: Priya (ann, +44 20 7946 0106), Tom (ben, 020 7946 0222, a note), Ada (the pool, email only, an objection).
    func desk() throws -> (DeskHarness, priya: LeadID, tom: LeadID, ada: LeadID) {
        var desk = DeskHarness()
        let at = Fixtures.at("2026-11-23 10:00", london)
        let priya = try desk.capture(Fixtures.profile(name: "Priya Raman", phones: ["+44 20 7946 0106"]), at: at)
        var tomProfile = Fixtures.profile(name: "Tom Okafor", owner: "ben", email: "tom@okafor.example", phones: ["020 7946 0222"])
        tomProfile.company = "Okafor Joinery"
        var ben = DeskHarness(rep: "ben")
        ben.state = desk.state
        ben.ids = desk.ids
        let tom = try ben.capture(tomProfile, at: at)
        ben.apply([
            Event(id: ben.ids.newEventID(), at: at, actor: "ben", lead: tom, payload: .noted("wants the walnut worktop sample"))
        ])
        var adaProfile = Fixtures.profile(name: "Ada Quist", owner: DeskConfig.poolOwner, email: "ada@quist.example", phones: [])
        adaProfile.company = "Quist Dental"
        var pool = DeskHarness(rep: DeskConfig.poolOwner)
        pool.state = ben.state
        pool.ids = ben.ids
        let ada = try pool.capture(adaProfile, at: at)
        let objection = Objection(id: "o1", category: .price, words: "Too dear for a clinic", answer: "spread the cost", loggedAt: at)
        pool.apply([Event(id: pool.ids.newEventID(), at: at, actor: DeskConfig.poolOwner, lead: ada, payload: .objectionLogged(objection))])
        return (pool, priya, tom, ada)
    }

    @Test(
        "a phone number typed with a country code, brackets and dashes, or with the trunk 0, finds the lead stored either way",
        arguments: [
            ("+44 (20) 7946-0106", "priya"), ("0207 946 0106", "priya"), ("0044 20 7946 0106", "priya"), ("7946 0106", "priya"),
            ("+44 20 7946 0222", "tom"), ("(020) 7946-0222", "tom"), ("20 7946 0222", "tom")
        ])
    func phoneInAnyFormat(typed: String, who: String) throws {
        let (desk, priya, tom, _) = try desk()
        let finder = LeadFinder(leads: desk.state.leads.values)
        #expect(finder.find(typed).leads == [who == "priya" ? priya : tom], "\(typed)")
    }

    @Test("fewer than seven digits never match a phone by its end, and a different number does not match")
    func shortNumbers() throws {
        let (desk, _, _, _) = try desk()
        let finder = LeadFinder(leads: desk.state.leads.values)
        #expect(finder.find("+44 20 7946 0107").leads.isEmpty)
        #expect(finder.find("7946 99").leads.isEmpty, "seven characters, six digits: not a phone, and in no text")
        #expect(finder.find("0106").total == 1, "the digits as typed in the stored number's text")
    }

    @Test("name, company, email, id prefix, a note's words and an objection's words all find their lead, ignoring case")
    func textFields() throws {
        let (desk, priya, tom, ada) = try desk()
        let finder = LeadFinder(leads: desk.state.leads.values)
        #expect(finder.find("priya").leads == [priya])
        #expect(finder.find("OKAFOR JOIN").leads == [tom])
        #expect(finder.find("ada@quist").leads == [ada])
        #expect(finder.find(String(tom.rawValue.prefix(3))).leads.first == tom)
        #expect(finder.find("walnut worktop").leads == [tom])
        #expect(finder.find("too dear").leads == [ada])
        #expect(finder.find("spread the cost").leads == [ada])
        #expect(finder.find("nobody here").leads.isEmpty)
        #expect(finder.find("   ").leads.isEmpty)
    }

    @Test("a rep finds their own leads and the pool's, not another rep's; a manager finds every lead")
    func visibility() throws {
        let (desk, priya, _, ada) = try desk()
        let finder = LeadFinder(leads: desk.state.leads.values)
        let ann = DeskAccess(viewer: "ann", role: .rep)
        #expect(Set(finder.find("example", visible: { ann.canSeeCalendar(of: $0) }).leads) == [priya, ada])
        let mia = DeskAccess(viewer: "mia", role: .manager)
        #expect(finder.find("example", visible: { mia.canSeeCalendar(of: $0) }).total == 3)
    }

    @Test("a note written after the index was built is found once the lead is indexed again; the old text is not")
    func update() throws {
        var (desk, priya, _, _) = try desk()
        var finder = LeadFinder(leads: desk.state.leads.values)
        #expect(finder.find("conservatory").leads.isEmpty)
        desk.apply([
            Event(id: desk.ids.newEventID(), at: Fixtures.at("2026-11-23 11:00", london), actor: "ann", lead: priya, payload: .noted("Conservatory too"))
        ])
        finder.update([priya], in: desk.state.leads)
        #expect(finder.find("conservatory").leads == [priya])
        #expect(finder.find("priya").total == 1, "the lead's first entry is no longer live")
        finder.remove(priya)
        #expect(finder.find("priya").leads.isEmpty)
    }

    @Test("a hit carries what a list line shows: stage and next step (none once closed)")
    func hits() throws {
        var (desk, priya, _, _) = try desk()
        let (events, _) = try LeadActions(rep: "ann").record(
            OutcomeRequest(lead: priya, outcome: .lost, details: OutcomeDetails(lostReason: .competitor), confirmed: true),
            state: desk.state, at: Fixtures.at("2026-11-24 10:00", london), ids: &desk.ids)
        desk.apply(events)
        let hit = try #require(LeadFinder(leads: desk.state.leads.values).find("priya").hits.first)
        #expect(hit.stage == .lost && hit.next == nil && hit.name == "Priya Raman" && hit.owner == "ann")
    }

    @Test("a lead whose text holds the query many times is found once; a lead whose id starts with the query comes first")
    func onceEachIDFirst() throws {
        var (desk, priya, tom, _) = try desk()
        let at = Fixtures.at("2026-11-23 12:00", london)
        let idPart = String(tom.rawValue.prefix(3))
        desk.apply([Event(id: desk.ids.newEventID(), at: at, actor: "ann", lead: priya, payload: .noted("\(idPart) \(idPart) \(idPart)"))])
        let found = LeadFinder(leads: desk.state.leads.values).find(idPart)
        #expect(found.leads.first == tom)
        #expect(found.leads.filter { $0 == priya }.count == 1 && found.total == Set(found.leads).count)
    }

    @Test("the scan finds exactly the places a plain search finds, whichever byte of the needle it looks for first", arguments: 1...40)
    func scanAgreesWithPlainSearch(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let alphabet = Array("aeqz 0.\n".utf8)
        let haystack = (0..<400).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
        let needle = (0..<Int(1 + random.next() % 3)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
        let plain = haystack.indices.filter { start in start + needle.count <= haystack.count && Array(haystack[start..<start + needle.count]) == needle }
        #expect(LeadFinder.occurrences(of: needle, in: haystack) == plain)
    }

    @Test("the search stops at the limit and says more leads match")
    func limit() throws {
        let (desk, _, _, _) = try desk()
        let finder = LeadFinder(leads: desk.state.leads.values)
        let cut = finder.find("example", limit: 1)
        #expect(cut.hits.count == 1 && cut.more)
        let whole = finder.find("example", limit: 10)
        #expect(whole.hits.count == 3 && !whole.more && whole.total == 3)
    }

    @Test("the cache answers nothing while its index is being built, then the index with the changes that folded meanwhile")
    func cacheWhileBuilding() throws {
        var (desk, priya, _, _) = try desk()
        let cache = LeadFinderCache()
        let work = Box()
        cache.prepare(from: desk.state.leads) { work.run = $0 }
        #expect(cache.readyFinder(for: desk.state.leads) == nil && !cache.isBuilt)
        desk.apply([
            Event(id: desk.ids.newEventID(), at: Fixtures.at("2026-11-23 11:00", london), actor: "ann", lead: priya, payload: .noted("orangery"))
        ])
        cache.update([priya], in: desk.state.leads)
        work.run?()
        #expect(cache.isBuilt)
        #expect(cache.readyFinder(for: desk.state.leads)?.find("orangery").leads == [priya])
    }
}

/// Holds the build work a test runs when it chooses.
private final class Box: @unchecked Sendable {
    var run: (@Sendable () -> Void)?
}
