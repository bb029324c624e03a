import BebackDomain

/// This session's tally, shown in the status line and in the summary at quit.
public struct SessionCounters: Equatable, Sendable {
    public var calls = 0
    public var reached = 0
    public var voicemails = 0
    public var appointments = 0
    public var wins = 0

    public init() {}

    mutating func count(_ outcome: Disposition) {
        calls += 1
        if outcome.flags.contains(.contactMade) { reached += 1 }
        if outcome == .voicemail { voicemails += 1 }
        if outcome == .appointment { appointments += 1 }
        if outcome == .won { wins += 1 }
    }

    mutating func uncount(_ outcome: Disposition) {
        calls -= 1
        if outcome.flags.contains(.contactMade) { reached -= 1 }
        if outcome == .voicemail { voicemails -= 1 }
        if outcome == .appointment { appointments -= 1 }
        if outcome == .won { wins -= 1 }
    }

    public var summary: String {
        "\(calls) call\(calls == 1 ? "" : "s") · \(reached) reached · \(voicemails) voicemail\(voicemails == 1 ? "" : "s") · \(appointments) appointment\(appointments == 1 ? "" : "s") · \(wins) won"
    }
}
