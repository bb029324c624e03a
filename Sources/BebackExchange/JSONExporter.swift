import BebackDomain
import Foundation

/// Leads as JSON for scripts: an array of objects with contact points, state and next follow-up;
/// times as ISO 8601 in UTC. Text is kept as stored (JSON escapes control characters).
public enum JSONExporter {
    struct Phone: Encodable { var number: String; var label: String }
    struct Next: Encodable { var due: String; var kind: String; var channel: String; var purpose: String }
    struct LastTouch: Encodable { var at: String; var outcome: String; var channel: String }
    struct Decision: Encodable { var otherDeciders: String; var criteria: String; var informationNeeded: String; var reviewTime: String }
    struct Opinion: Encodable { var likes: String; var comfort: String; var priceFit: String }
    struct LoggedObjection: Encodable { var id: String; var category: String; var words: String; var answer: String; var status: String }
    struct Lead: Encodable {
        var id: String
        var name: String
        var company: String
        var phones: [Phone]
        var email: String?
        var owner: String
        var source: String
        var stage: String
        var timeZone: String
        var bestTime: String
        var preferredChannel: String
        var salesCycleDays: Int
        var interest: String
        var wants: String
        var holdingBack: String
        var touches: Int
        var lastTouch: LastTouch?
        var capturedAt: String
        var next: Next?
        var unscheduledReason: String?
        var doNotContact: Bool
        /// The channels the lead asked not to be reached on (`phone`, `text`, `email`).
        var blockedChannels: [String]
        var decisionProcess: Decision
        var feedback: Opinion
        var objections: [LoggedObjection]
        var deliveredAt: String?
    }

    public static func export(_ leads: [LeadState]) throws(ExchangeError) -> String {
        let items = LeadExportRow.ordered(leads).map { lead in
            let profile = lead.profile
            return Lead(
                id: lead.id.rawValue, name: profile.name, company: profile.company,
                phones: profile.contact.phones.map { Phone(number: $0.number, label: $0.label) }, email: profile.contact.email,
                owner: profile.owner.rawValue, source: profile.source.rawValue, stage: lead.stage.rawValue,
                timeZone: profile.contact.timeZoneID, bestTime: profile.contact.bestTime.rawValue,
                preferredChannel: profile.contact.preferredChannel.rawValue, salesCycleDays: profile.salesCycleDays,
                interest: profile.interest, wants: lead.wants, holdingBack: lead.holdingBack, touches: lead.touchCount,
                lastTouch: lead.lastTouch.map {
                    LastTouch(at: LeadExportRow.timestamp($0.at), outcome: $0.touch.outcome.rawValue, channel: $0.touch.channel.rawValue)
                },
                capturedAt: LeadExportRow.timestamp(lead.capturedAt),
                next: lead.next.map { Next(due: LeadExportRow.timestamp($0.due), kind: $0.kind.rawValue, channel: $0.channel.rawValue, purpose: $0.purpose) },
                unscheduledReason: lead.next == nil ? lead.unscheduledReason : nil, doNotContact: lead.doNotContact,
                blockedChannels: ChannelBlock.blockable.filter(lead.blockedChannels.contains).map(\.rawValue),
                decisionProcess: Decision(
                    otherDeciders: lead.decisionProcess.otherDeciders, criteria: lead.decisionProcess.criteria,
                    informationNeeded: lead.decisionProcess.informationNeeded, reviewTime: lead.decisionProcess.reviewTime),
                feedback: Opinion(likes: lead.feedback.likes, comfort: lead.feedback.comfort, priceFit: lead.feedback.priceFit),
                objections: lead.objections.map {
                    LoggedObjection(id: $0.id, category: $0.category.rawValue, words: $0.words, answer: $0.answer, status: $0.status.rawValue)
                },
                deliveredAt: lead.deliveredAt.map { LeadExportRow.timestamp($0) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(items), as: UTF8.self) + "\n"
        } catch {
            throw ExchangeError("cannot write JSON: \(error)")
        }
    }
}
