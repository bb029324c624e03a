import BebackDomain
import BebackTestSupport
import Foundation
import Testing

/// Each bundled script filled from a hand-built journal at a fixed instant: the exact text the prompter shows.
@Suite("The bundled call scripts, filled")
struct CallScriptTests {
    let scripts = ScriptFixtures.bundled()

    func filled(_ journal: (lead: LeadState, now: Date), _ variant: ScriptVariant?) throws -> FilledScript {
        try #require(CallScriptBuilder.script(for: journal.lead, rep: "ann", now: journal.now, variant: variant, templates: scripts))
    }

    @Test("follow-up: the agreement, what they were to do, objections, deciders, feedback, their time, and every move")
    func priya() throws {
        let script = try filled(try ScriptJournals.priya(), nil)
        #expect(script.variant == .followUp)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call: the quote.
                  Agreed on Mon 16 Nov: call Mon 23 Nov 15:00 about the quote.
                  They were going to review it with Tom.
                  Still open: price: "more than we planned" (no answer yet).
                  Others who decide: Tom (husband).
                  Feedback so far: likes the oak finish; price: a stretch.
                  Their time: Mon 10:42, inside calling hours, but they prefer the afternoon (12:00–17:00).
                  Dial +44 20 7946 0003. Touches so far: 2.
                [opening] Remind them of the last conversation
                  Hi Priya, it's Ann.
                  We last spoke on Mon 16 Nov, 7 days ago.
                  We talked about oak kitchen.
                  My notes from that call: wants oak, quote sent.
                [question] Ask an open question
                  Last time you were going to review it with Tom: how did that go?
                  Let them finish before you move on; press n to note anything new.
                [advance] Move the sale forward
                  Pick what happened; the move for it shows here.
                [close] Agree the next step
                  Settle a precise day and time, the number to call, and what that call is about.
                  Check the number: +44 20 7946 0003.
                  Say it back to them before you hang up, then press s to record the call.
                (not-reviewed) They have not reviewed it
                  Offer to go through it together now: it takes a few minutes on the phone.
                  If now is bad, send it again while you are still talking and book a time to go over it.
                  -> subject: the quote, together on the phone | they will: have it open when we call | number: +44 20 7946 0003
                (other-decider) The other decider was not involved
                  Suggest one short call with Priya and Tom (husband), so nobody has to pass the message on.
                  Offer two precise times that could suit both.
                  -> subject: a call with everyone who decides | they will: check the time with the other decider | number: +44 20 7946 0003
                (nothing-moved) Nothing moved
                  Ask what waiting is costing them: the reason they came to us is still there every week they wait.
                  Bring them back to what they wanted: oak kitchen.
                  Agree one small step they can take before the next call.
                  -> subject: the one step that moves oak kitchen forward | they will:  | number: +44 20 7946 0003
                (new-objection) A new objection came up
                  Log it in their words (the objection form is open), then answer it.
                  Answer with something new that is good for them: a better fit, a service, a way to try it. Not another discount.
                  Already on record: price: "more than we planned" (no answer yet).
                  -> subject: our answer to their new concern | they will:  | number: +44 20 7946 0003
                close -> subject: the quote | they will:  | number: +44 20 7946 0003
                """)
    }

    @Test("voicemail: calling as agreed, the number, and the next try from the cadence")
    func priyaVoicemail() throws {
        let script = try filled(try ScriptJournals.priya(), .voicemail)
        #expect(script.variant == .voicemail)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call: the quote.
                  We said we would call Mon 23 Nov 15:00 about the quote.
                  Their time: Mon 10:42, inside calling hours, but they prefer the afternoon (12:00–17:00).
                  Dial +44 20 7946 0003. If it goes to voicemail, leave the message below, then press 2 to record it.
                [message] The message
                  Hi Priya, it's Ann.
                  I'm calling as we agreed, about the quote.
                  Leave your direct number, slowly, and say it twice.
                  I'll try you again on Tue 24 Nov 12:00; call me back before then if that suits you better.
                close -> subject:  | they will:  | number: +44 20 7946 0003
                """)
    }

    @Test("first call after a walkout: the visit, what held them back, a good time by their preference")
    func kenji() throws {
        let script = try filled(try ScriptJournals.kenji(), nil)
        #expect(script.variant == .firstAfterWalkout)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call: first follow-up after the visit: leather sofa.
                  They came in on Sun 22 Nov (yesterday).
                  They were looking at leather sofa.
                  What held them back: price.
                  Their time: Mon 10:42, a good time (they prefer the morning).
                  Dial +44 20 7946 0111. Touches so far: 0.
                [opening] Open the call
                  Hi Kenji, it's Ann.
                  Thanks for coming in on Sun 22 Nov.
                  You were looking at leather sofa.
                  I said we would be in touch, so here I am.
                [question] Ask an open question
                  When you left you were still weighing up this: price. Where are you with it now?
                [advance] Move the sale forward
                  Pick what happened; the move for it shows here.
                [close] Agree the next step
                  Settle a precise day and time, the number to call, and what that call is about.
                  Check the number: +44 20 7946 0111.
                  Say it back to them, then press s to record the call.
                (not-reviewed) They have not looked at what they took home
                  Offer to go through the options together now, on the phone, in a few minutes.
                  Or send the details today and book a time to look at them together.
                  -> subject: going through the options for leather sofa | they will: look through what we send | number: +44 20 7946 0111
                (other-decider) Someone else has to agree
                  Ask who else decides, and suggest a visit or a call with everyone who does.
                  -> subject: a visit or call with everyone who decides | they will: agree a time with the other decider | number: +44 20 7946 0111
                (nothing-moved) Nothing has moved since the visit
                  Ask what it costs them to leave things as they are for another month.
                  Remind them what brought them in: leather sofa.
                  -> subject: what waiting costs them, and one step to take now | they will:  | number: +44 20 7946 0111
                (new-objection) A new objection came up
                  Log it in their words (the objection form is open), then answer it.
                  Give them a new reason that is good for them, such as a better fit, a service or a trial, rather than a lower price.
                  -> subject: our answer to their concern | they will:  | number: +44 20 7946 0111
                close -> subject: leather sofa | they will:  | number: +44 20 7946 0111
                """)
    }

    @Test("long-term check-in: the reason for calling now comes from the not-now outcome")
    func mara() throws {
        let script = try filled(try ScriptJournals.mara(), nil)
        #expect(script.variant == .longTermCheckIn)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call now: the spring range arrives.
                  Last conversation: Thu 3 Sep (90 days ago).
                  They were interested in garden room.
                  What held them back: price.
                  Their time: Wed 10:05, inside their calling hours; they named no preferred time.
                  Dial +44 20 7946 0003. Touches so far: 1.
                [opening] Reconnect
                  Hi Mara, it's Ann.
                  When we spoke on Thu 3 Sep, the timing was not right for you.
                  You were looking at garden room.
                  Tell them why you are calling now: the spring range arrives.
                [question] Ask an open question
                  What has changed on your side since then?
                [advance] Move the sale forward
                  Pick what happened; the move for it shows here.
                [close] Agree the next step
                  If they are ready: a precise day and time, the number, and what that call is about (press s).
                  If not: agree when to check in again and why then (record it with 6, not now).
                  Check the number: +44 20 7946 0003.
                (not-reviewed) They never looked at what we sent
                  Offer a short, current version and to go through it together.
                  -> subject: the current offer for garden room | they will: look at the new details | number: +44 20 7946 0003
                (other-decider) Someone else has to be part of it
                  Ask who else would decide now, and suggest a short call with them too.
                  -> subject: a call with everyone who decides | they will:  | number: +44 20 7946 0003
                (nothing-moved) Still not the right time
                  Ask what putting it off is costing them; waiting rarely makes it cheaper or easier.
                  If it really is not now, ask what would make it the right time, and when to check in again.
                  -> subject: whether the timing suits them now | they will:  | number: +44 20 7946 0003
                (new-objection) A new objection came up
                  Log it in their words (the objection form is open), then answer it.
                  Bring a reason that is new and good for them, not a discount.
                  -> subject: our answer to their concern | they will:  | number: +44 20 7946 0003
                close -> subject: garden room | they will:  | number: +44 20 7946 0003
                """)
    }

    @Test("satisfaction call: thanks, how it is going, then referrals and a customer check-in; never selling")
    func lena() throws {
        let script = try filled(try ScriptJournals.lena(), nil)
        #expect(script.variant == .satisfaction)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call: satisfaction call: how is it going since delivery.
                  They bought e-bike.
                  Sale or delivery: Mon 16 Nov.
                  Their time: Wed 11:00, inside their calling hours; they named no preferred time.
                  Dial +44 20 7946 0003. This call is about them as a customer: nothing to sell today.
                [opening] Thank them
                  Hi Lena, it's Ann. Thank you again for choosing us.
                  I'm calling to hear how the e-bike is working out for you.
                [question] Check that all is well
                  How has it been so far? Is there anything that is not as you expected?
                  Let them talk. If something is wrong, press b: it goes in the log and you agree a fix.
                [advance] If something is wrong
                  Press b to log it; what to do about it shows here.
                [close] Referrals, then the next check-in
                  If all is well: ask whether a friend, a neighbour or a colleague could use the same help, and note any names they give (n).
                  Tell them you will check in again in a few months to see how it is holding up, and agree roughly when suits them.
                  Press s to record the call with that check-in.
                (new-objection) Something is wrong
                  Log the complaint in their words (the objection form is open).
                  Say what you will do about it and by when; do not argue the point.
                  -> subject: putting right what went wrong | they will: tell us if anything else comes up | number: +44 20 7946 0003
                close -> subject: a customer check-in: how the e-bike is holding up | they will: let us know if anything needs attention before then | number: +44 20 7946 0003
                """)
    }

    @Test("a voicemail on the satisfaction call: the retry keeps the customer's script, and v leaves a thank-you, never the sale's old agreement")
    func lenaVoicemail() throws {
        let journal = try ScriptJournals.lenaAfterVoicemail()
        let call = ScriptVariant.forLead(journal.lead)
        #expect(call == .satisfaction)
        #expect(call.voicemail == .customerVoicemail)
        let script = try filled(journal, call.voicemail)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call: satisfaction call: how is it going since delivery (1 try without contact).
                  They bought e-bike.
                  Sale or delivery: Mon 16 Nov.
                  Their time: Tue 11:00, inside their calling hours; they named no preferred time.
                  Dial +44 20 7946 0003. If it goes to voicemail, leave the message below, then press 2 to record it.
                [message] The message
                  Hi Lena, it's Ann. Thank you again for choosing us.
                  I'm calling to hear how the e-bike is working out for you.
                  If anything is not right, call me on my direct number: say it slowly, twice.
                  Otherwise I'll try you again on Thu 26 Nov 11:00.
                close -> subject:  | they will:  | number: +44 20 7946 0003
                """)
    }

    @Test("no post-purchase script moves the sale forward or reads back an agreement about a quote")
    func postPurchaseNeverSells() throws {
        let journal = try ScriptJournals.lenaAfterVoicemail()
        for variant in ScriptVariant.allCases where variant.isPostPurchase {
            let text = ScriptJournals.text(try filled(journal, variant))
            #expect(!text.contains("sale forward"), "\(variant)")
            #expect(!text.contains("as we agreed"), "\(variant)")
            #expect(!text.contains("quote"), "\(variant)")
        }
        #expect(ScriptVariant.followUp.voicemail == .voicemail)
    }

    @Test("a lead we never spoke with: the enquiry as the reason, the fallbacks and else lines, never an empty fact")
    func samNeverSpoken() throws {
        let script = try filled(try ScriptJournals.sam(), .followUp)
        #expect(script.variant == .followUp)
        #expect(
            ScriptJournals.text(script) == """
                [prep] Before you dial
                  Why we call: answer their enquiry: find out what they are looking for.
                  Nothing was agreed last time: be ready to give them a reason for this call.
                  Their time: Mon 10:42, inside their calling hours; they named no preferred time.
                  Dial +44 20 7946 0222. Touches so far: 0.
                [opening] Remind them of the last conversation
                  Hi Sam, it's Ann.
                  We have not spoken yet: say who you are and why you are calling.
                [question] Ask an open question
                  What has happened on your side since we last spoke?
                  Let them finish before you move on; press n to note anything new.
                [advance] Move the sale forward
                  Pick what happened; the move for it shows here.
                [close] Agree the next step
                  Settle a precise day and time, the number to call, and what that call is about.
                  Check the number: +44 20 7946 0222.
                  Say it back to them before you hang up, then press s to record the call.
                (not-reviewed) They have not reviewed it
                  Offer to go through it together now: it takes a few minutes on the phone.
                  If now is bad, send it again while you are still talking and book a time to go over it.
                  -> subject: going through the offer together on the phone | they will: have it open when we call | number: +44 20 7946 0222
                (other-decider) The other decider was not involved
                  Ask who else has a say, then suggest one short call with all of them.
                  Offer two precise times that could suit both.
                  -> subject: a call with everyone who decides | they will: check the time with the other decider | number: +44 20 7946 0222
                (nothing-moved) Nothing moved
                  Ask what waiting is costing them: the reason they came to us is still there every week they wait.
                  Agree one small step they can take before the next call.
                  -> subject: the one step agreed on this call | they will:  | number: +44 20 7946 0222
                (new-objection) A new objection came up
                  Log it in their words (the objection form is open), then answer it.
                  Answer with something new that is good for them: a better fit, a service, a way to try it. Not another discount.
                  -> subject: our answer to their new concern | they will:  | number: +44 20 7946 0222
                close -> subject:  | they will:  | number: +44 20 7946 0222
                """)
    }

    @Test("the variant follows the lead's next follow-up: first, long-term, satisfaction; otherwise a follow-up once we have spoken")
    func automaticVariant() throws {
        #expect(ScriptVariant.forLead(try ScriptJournals.kenji().lead) == .firstAfterWalkout)
        #expect(ScriptVariant.forLead(try ScriptJournals.priya().lead) == .followUp)
        #expect(ScriptVariant.forLead(try ScriptJournals.mara().lead) == .longTermCheckIn)
        #expect(ScriptVariant.forLead(try ScriptJournals.lena().lead) == .satisfaction)
        #expect(ScriptVariant.allCases.map(\.next) == [.firstAfterWalkout, .longTermCheckIn, .satisfaction, .voicemail, .customerVoicemail, .followUp])
    }
}
