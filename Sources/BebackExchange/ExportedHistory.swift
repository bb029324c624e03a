import BebackDomain
import Foundation

/// What a lead's CSV export row carries beyond its profile, so that importing the export gives the
/// lead back as it was: when it was captured, every touch, the free notes, the live agreement, the
/// objections, the decision process, the feedback, the delivery, and the next step or why there is none.
public struct ExportedHistory: Equatable, Sendable {
    /// A touch and when it happened.
    public struct DatedTouch: Equatable, Sendable {
        public var at: Date
        public var touch: Touch
    }

    /// A free note (not a touch's) and when it was written.
    public struct DatedNote: Equatable, Sendable {
        public var at: Date
        public var text: String
    }

    public var capturedAt: Date?
    public var touches: [DatedTouch] = []
    public var notes: [DatedNote] = []
    public var agreement: Agreement?
    public var objections: [Objection] = []
    public var decisionProcess: DecisionProcess?
    public var feedback: Feedback?
    public var deliveredAt: Date?
    public var next: FollowUp?
    public var unscheduledReason: String?

    public init() {}

    /// The history of a lead as it stands.
    public init(_ lead: LeadState) {
        capturedAt = lead.capturedAt
        touches = lead.touches.map { DatedTouch(at: $0.at, touch: $0.touch) }
        let touchEvents = Set(lead.touches.map(\.event))
        notes = lead.notes.filter { !touchEvents.contains($0.event) }.map { DatedNote(at: $0.at, text: $0.text) }
        agreement = lead.agreement
        objections = lead.objections
        decisionProcess = lead.decisionProcess.isEmpty ? nil : lead.decisionProcess
        feedback = lead.feedback == Feedback() ? nil : lead.feedback
        deliveredAt = lead.deliveredAt
        next = lead.next
        unscheduledReason = lead.next == nil ? lead.unscheduledReason : nil
    }

    // MARK: - Cells

    /// The History cell: one touch a line, oldest first: `time | channel | outcome | note`, then
    /// `lost=REASON`, `number=N`, `seconds=S` when there are.
    public var historyCell: String {
        ExportCell.cell(
            touches.map { dated in
                var parts = [LeadExportRow.timestamp(dated.at), dated.touch.channel.rawValue, dated.touch.outcome.rawValue, dated.touch.note]
                if let reason = dated.touch.lostReason { parts.append("lost=" + reason.rawValue) }
                if let number = dated.touch.number { parts.append("number=" + number) }
                if let seconds = dated.touch.durationSeconds { parts.append("seconds=\(seconds)") }
                return parts
            })
    }

    /// The Notes cell: one free note a line, `time | text`.
    public var notesCell: String { ExportCell.cell(notes.map { [LeadExportRow.timestamp($0.at), $0.text] }) }

    /// The Agreement cell: `callback time | subject | what they will do | number=N | made=TIME`.
    public var agreementCell: String {
        guard let agreement else { return "" }
        var parts = [LeadExportRow.timestamp(agreement.callbackAt), agreement.subject, agreement.customerAction]
        if let number = agreement.number { parts.append("number=" + number) }
        parts.append("made=" + LeadExportRow.timestamp(agreement.madeAt))
        return ExportCell.entry(parts)
    }

    /// The Objections cell: one a line, `logged time | category | status | their words | our answer | id=ID`.
    public var objectionsCell: String {
        ExportCell.cell(
            objections.map {
                [LeadExportRow.timestamp($0.loggedAt), $0.category.rawValue, $0.status.rawValue, $0.words, $0.answer, "id=" + $0.id]
            })
    }

    /// The Decision Process cell: `other deciders | criteria | information needed | review time`.
    public var decisionCell: String {
        decisionProcess.map { ExportCell.entry([$0.otherDeciders, $0.criteria, $0.informationNeeded, $0.reviewTime]) } ?? ""
    }

    /// The Feedback cell: `likes | comfort | price fit`.
    public var feedbackCell: String { feedback.map { ExportCell.entry([$0.likes, $0.comfort, $0.priceFit]) } ?? "" }

    // MARK: - Reading

    /// Reads the cells of an export row back; a part that does not read is left out with a warning
    /// naming the column and the entry.
    public static func read(_ value: (ImportField) -> String?, warnings: inout [String]) -> ExportedHistory {
        var history = ExportedHistory()
        func date(_ text: String, _ what: String) -> Date? {
            if let date = ExportCell.timestamp(text) { return date }
            warnings.append("\(what): '\(text)' is not a time such as 2026-11-24T10:42:00Z: left out")
            return nil
        }
        if let text = value(.captured) { history.capturedAt = date(text, "captured") }
        for (index, parts) in ExportCell.entries(value(.history) ?? "").enumerated() {
            let what = "history entry \(index + 1)"
            guard parts.count >= 4, let at = date(parts[0], what) else {
                if parts.count < 4 { warnings.append("\(what): not 'time | channel | outcome | note': left out") }
                continue
            }
            guard let channel = Channel(rawValue: parts[1]), let outcome = Disposition(rawValue: parts[2]) else {
                warnings.append("\(what): '\(parts[1]) \(parts[2])' is not a channel and an outcome: left out")
                continue
            }
            var touch = Touch(channel: channel, outcome: outcome, note: parts[3])
            for tag in parts.dropFirst(4) {
                if let reason = tag.tagged("lost") {
                    touch.lostReason = LostReason(rawValue: reason)
                } else if let number = tag.tagged("number") {
                    touch.number = number
                } else if let seconds = tag.tagged("seconds") {
                    touch.durationSeconds = Int(seconds)
                }
            }
            history.touches.append(DatedTouch(at: at, touch: touch))
        }
        for (index, parts) in ExportCell.entries(value(.noteLog) ?? "").enumerated() {
            guard parts.count >= 2, let at = date(parts[0], "note \(index + 1)") else { continue }
            history.notes.append(DatedNote(at: at, text: parts.dropFirst().joined(separator: "|")))
        }
        if let text = value(.agreement), let parts = ExportCell.entries(text).first, parts.count >= 3 {
            let number = parts.dropFirst(3).lazy.compactMap { $0.tagged("number") }.first
            let made = parts.dropFirst(3).lazy.compactMap { $0.tagged("made") }.first
            if let callback = date(parts[0], "agreement") {
                let madeAt = made.flatMap { date($0, "agreement") } ?? callback
                history.agreement = Agreement(callbackAt: callback, number: number, subject: parts[1], customerAction: parts[2], madeAt: madeAt)
            }
        }
        for (index, parts) in ExportCell.entries(value(.objections) ?? "").enumerated() {
            let what = "objection \(index + 1)"
            guard parts.count >= 5, let at = date(parts[0], what), let category = ObjectionCategory(rawValue: parts[1]),
                let status = ObjectionStatus(rawValue: parts[2])
            else {
                warnings.append("\(what): not 'time | category | status | words | answer': left out")
                continue
            }
            let id = parts.dropFirst(5).lazy.compactMap { $0.tagged("id") }.first ?? ""
            history.objections.append(Objection(id: id, category: category, words: parts[3], answer: parts[4], status: status, loggedAt: at))
        }
        if let parts = value(.decisionProcess).flatMap({ ExportCell.entries($0).first }) {
            let padded = parts + Array(repeating: "", count: max(0, 4 - parts.count))
            history.decisionProcess = DecisionProcess(otherDeciders: padded[0], criteria: padded[1], informationNeeded: padded[2], reviewTime: padded[3])
        }
        if let parts = value(.feedback).flatMap({ ExportCell.entries($0).first }) {
            let padded = parts + Array(repeating: "", count: max(0, 3 - parts.count))
            history.feedback = Feedback(likes: padded[0], comfort: padded[1], priceFit: padded[2])
        }
        if let text = value(.delivered) { history.deliveredAt = date(text, "delivered") }
        history.unscheduledReason = value(.unscheduledReason)
        return history
    }
}

extension String {
    /// The value of a `key=value` part, when this part has that key.
    fileprivate func tagged(_ key: String) -> String? {
        hasPrefix(key + "=") ? String(dropFirst(key.count + 1)) : nil
    }
}
