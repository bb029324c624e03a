#if canImport(Glibc)
    import Glibc
#endif
import BebackExchange
import Foundation

/// Shows how far a long job has come on stderr: a bar with the rate and the time left, redrawn in
/// place at most ten times a second, when stderr is a terminal; otherwise a plain line at every
/// tenth of the way for jobs big enough to need one (so logs stay short and the same run to run).
final class ProgressBar {
    let label: String
    let total: Int
    let unit: String
    let isTerminal: Bool
    /// Jobs with fewer units than this print no plain lines.
    let plainThreshold: Int
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var nextTenth = 1
    private var drawn = false

    init(label: String, total: Int, unit: String = "lines", isTerminal: Bool = isatty(STDERR_FILENO) == 1, plainThreshold: Int = 5_000) {
        self.label = label
        self.total = total
        self.unit = unit
        self.isTerminal = isTerminal
        self.plainThreshold = plainThreshold
    }

    /// Reports progress; cheap enough to call for every record.
    func update(_ done: Int) {
        if isTerminal {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let report = ProgressReport(done: done, total: total, elapsed: now.timeIntervalSince(started), unit: unit)
            write("\r\u{1B}[K\(label) \(report.bar())")
            drawn = true
        } else if total >= plainThreshold, nextTenth <= 9, done * 10 >= total * nextTenth {
            while nextTenth <= 9, done * 10 >= total * nextTenth { nextTenth += 1 }
            let report = ProgressReport(done: done, total: total, elapsed: Date().timeIntervalSince(started), unit: unit)
            write("\(label) \(report.line)\n")
        }
    }

    /// Clears the bar (on a terminal) so that what follows starts on a clean line.
    func finish() {
        if isTerminal, drawn { write("\r\u{1B}[K") }
    }

    /// A one-off status on the bar's line (a terminal) or as a plain line.
    func status(_ text: String) {
        if isTerminal {
            write("\r\u{1B}[K\(label) \(text)")
            drawn = true
        } else if total >= plainThreshold {
            write("\(label) \(text)\n")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
