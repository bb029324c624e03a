import BebackDomain
import BebackCells
import Foundation

extension DeskModel {
    /// On each tick: the agreed callbacks and appointments of the due list whose reminder has come
    /// (`lead_minutes` before the time, while inside that window; at the time, when the clock
    /// crosses it) are given, each once: pinned and highlighted, said in the header, and (unless
    /// desk.conf says `policy = quiet`) a `remind` effect rings the bell and runs `[notify] command`.
    mutating func checkReminders(context: DeskContext) -> [DeskEffect] {
        let now = context.now
        let before = Double(context.reminders.leadMinutes * 60)
        let last = lastReminderCheck
        lastReminderCheck = now
        var fresh: Reminder?
        for item in listedItems where item.bucket == .callback || item.bucket == .appointment {
            let due = item.followUp.due
            let early = Reminder(lead: item.lead, due: due, bucket: item.bucket, purpose: item.followUp.purpose, atTime: false)
            let onTime = Reminder(lead: item.lead, due: due, bucket: item.bucket, purpose: item.followUp.purpose, atTime: true)
            if let last, last < due, due <= now, !remindersGiven.contains(onTime.key) {
                remindersGiven.insert(onTime.key)
                remindersGiven.insert(early.key)
                fresh = onTime
            } else if before > 0, due.addingTimeInterval(-before) <= now, now < due, !remindersGiven.contains(early.key) {
                remindersGiven.insert(early.key)
                if fresh == nil { fresh = early }
            }
        }
        guard let fresh else { return [] }
        reminder = fresh
        pinReminded(context)
        guard !context.reminders.quiet else { return [] }
        return [.remind(fresh)]
    }

    /// The header's words for the reminder being shown: "callback with Ada First at 15:00 (in 5 min)".
    public func reminderText(_ reminder: Reminder, name: String, context: DeskContext) -> String {
        let clock = HumanTime(timeZone: context.timeZone).clock(reminder.due)
        let minutes = Int((reminder.due.timeIntervalSince(context.now) / 60).rounded(.up))
        let when = minutes > 0 ? "in \(minutes) min" : "now"
        return "\(reminder.what) with \(name) at \(clock) (\(when))"
    }

    /// Ends the reminder of `lead` (an outcome was recorded on it).
    mutating func endReminder(of lead: LeadID?) {
        guard let lead, reminder?.lead == lead else { return }
        reminder = nil
    }
}
