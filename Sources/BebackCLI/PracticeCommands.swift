import ArgumentParser
import BebackDomain
import BebackText
import Foundation

/// `beback decision`: records who else decides, their criteria, what they need to see and the
/// review time; an option left out keeps what is on record.
struct DecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Record a lead's decision process: others who decide, criteria, what they need to see, review time.",
        discussion: "An option left out keeps what is on record; an empty value clears that part. The desk's key is p.")

    @OptionGroup var desk: DeskOptions

    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "Others who decide (\"Tom, her husband\").") var deciders: String?
    @Option(help: "What they will decide on.") var criteria: String?
    @Option(help: "What they need to see before they decide.") var needs: String?
    @Option(help: "How long they take to review, or when they decide.") var review: String?

    func run() throws {
        try reportingErrors {
            guard deciders != nil || criteria != nil || needs != nil || review != nil else {
                throw CLIError("nothing to record: give --deciders, --criteria, --needs or --review")
            }
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            var process = current.decisionProcess
            if let deciders { process.otherDeciders = deciders }
            if let criteria { process.criteria = criteria }
            if let needs { process.informationNeeded = needs }
            if let review { process.reviewTime = review }
            let event = try session.withIDs { ids in
                try session.actions.recordDecisionProcess(process, on: current.id, state: session.state, at: session.now, ids: &ids)
            }
            try session.save([event])
            print("saved the decision process of \(current.id) (\(SafeText.sanitize(current.profile.name)))")
            for line in LeadPractice.lines(session.state.leads[current.id] ?? current, now: session.now) where !line.hasPrefix("Feedback") {
                print("  \(SafeText.sanitize(line))")
            }
        }
    }
}

/// `beback feedback`: records what the customer thinks of the offer; an option left out keeps
/// what is on record.
struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Record a lead's feedback: what they like, their comfort with the options, how the price fits.",
        discussion: "An option left out keeps the last feedback's value; an empty value clears it. The desk's key is F.")

    @OptionGroup var desk: DeskOptions

    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "What they like.") var likes: String?
    @Option(help: "How comfortable they are with the options.") var comfort: String?
    @Option(help: "How the price fits (within budget, a stretch).") var price: String?

    func run() throws {
        try reportingErrors {
            guard likes != nil || comfort != nil || price != nil else { throw CLIError("nothing to record: give --likes, --comfort or --price") }
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            var feedback = current.feedback
            if let likes { feedback.likes = likes }
            if let comfort { feedback.comfort = comfort }
            if let price { feedback.priceFit = price }
            let event = try session.withIDs { ids in
                try session.actions.recordFeedback(feedback, on: current.id, state: session.state, at: session.now, ids: &ids)
            }
            try session.save([event])
            let saved = session.state.leads[current.id]?.feedback ?? feedback
            print(
                "saved feedback on \(current.id) (\(SafeText.sanitize(current.profile.name))): "
                    + SafeText.sanitize(LeadPractice.feedbackText(saved) ?? ""))
        }
    }
}

/// `beback objection`: logs an objection the customer raised, or sets a logged one's status
/// (open, answered, recurring) and our answer.
struct ObjectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "objection",
        abstract: "Log an objection, or set a logged objection's status (open, answered, recurring) and our answer.",
        discussion:
            "With --words (and --category), logs a new objection. With the objection's number in `beback show` (1 is the "
            + "first logged), its id or a prefix of its id, and --status, updates it; answered needs an answer (given now "
            + "or already on record). The desk's keys are o (log) and O (status).")

    @OptionGroup var desk: DeskOptions

    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Argument(help: "The objection to update: its number in `beback show`, or its id.") var objection: String?
    @Option(help: "Update: open, answered or recurring.") var status: ObjectionStatus?
    @Option(help: "How we answered it (on an update, left out: the answer on record stays).") var answer: String?
    @Option(help: "Log: the customer's own words.") var words: String?
    @Option(help: "Log: \(ObjectionCategory.allCases.map(\.rawValue).joined(separator: ", ")).") var category: ObjectionCategory = .other

    func validate() throws {
        if objection == nil, words == nil {
            throw ValidationError("give the objection to update (its number in `beback show`) with --status, or --words to log one")
        }
        if objection != nil, status == nil { throw ValidationError("--status is needed to update an objection (open, answered or recurring)") }
        if objection != nil, words != nil { throw ValidationError("--words logs a new objection: leave out the objection number") }
    }

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            if let words {
                let text = words.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw CLIError("--words: what did they say?") }
                let event = try session.withIDs { ids in
                    try session.actions.logObjection(
                        category, words: text, answer: answer ?? "", on: current.id, state: session.state, at: session.now, ids: &ids)
                }
                try session.save([event])
                let place = session.state.leads[current.id]?.objections.count ?? 0
                print("logged objection \(place) (\(category.label)) on \(current.id): \"\(SafeText.sanitize(text))\"")
                return
            }
            guard let objection, let status else { return }
            let event = try session.withIDs { ids in
                try session.actions.updateObjection(
                    objection, on: current.id, status: status, answer: answer, state: session.state, at: session.now, ids: &ids)
            }
            try session.save([event])
            guard case .objectionUpdated(let id, let answer, let status) = event.payload else { return }
            let words = current.objections.first { $0.id == id }.map { " \"\(SafeText.sanitize($0.words))\"" } ?? ""
            print(
                "saved objection \(id)\(words) on \(current.id): \(status.rawValue)" + (answer.isEmpty ? "" : " · answer: \(SafeText.sanitize(answer))"))
        }
    }
}
