#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback-torture-writer`, a test-support program (never installed): appends notes to one rep's
/// journal in a loop, one entry per append, and prints each entry's id on stdout only after its
/// append returned (synced). A harness that kills it at any moment knows exactly which entries were
/// acknowledged.
struct TortureWriter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beback-torture-writer",
        abstract: "Append numbered notes in a loop, printing each id once saved (for the journal torture tests).")

    @Option(help: "The desk folder.") var data: String
    @Option(help: "The rep whose journal is appended to.") var rep: String = "torture"
    @Option(help: "This writer's number (in each entry's id and note).") var writer: Int = 0
    @Option(help: "How many entries to append.") var count: Int = 1000
    @Option(name: .customLong("min-size"), help: "The smallest note, in bytes.") var minSize: Int = 16
    @Option(name: .customLong("max-size"), help: "The largest note, in bytes (sizes are spread log-uniformly).") var maxSize: Int = 16

    func run() throws {
        do {
            guard minSize >= 1, maxSize >= minSize, maxSize <= 512 * 1024 else {
                throw ValidationError("--min-size/--max-size: need 1 <= min <= max <= 524288")
            }
            let store = try FileEventStore(folder: DeskFolder(path: data))
            let owner = RepName(rep)
            guard owner.isValid else { throw ValidationError("--rep: '\(rep)' is not a usable rep name") }
            let process = getpid()
            var random = SystemRandomNumberGenerator()
            // Each run's notes go on a lead of its own, captured first, so no entry is an orphan.
            let lead = LeadID("t\(writer)p\(process)")
            let contact = ContactPoints(phones: [PhoneNumber("+44 20 7946 0000")], email: nil, timeZoneID: "Europe/London")
            let profile = LeadProfile(name: "Torture \(writer)", contact: contact, source: .walkIn, owner: owner, interest: "")
            let captureID = EventID("w\(writer)-p\(process)-capture")
            _ = try store.append(
                [Event(id: captureID, at: Date(), actor: owner, lead: lead, payload: .captured(profile, wants: "", holdingBack: ""))],
                to: .rep(owner))
            let captured = Array("\(captureID.rawValue)\n".utf8)
            _ = captured.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            for number in 0..<count {
                let size = Int(exp(Double.random(in: log(Double(minSize))...log(Double(maxSize)), using: &random)).rounded())
                let prefix = "w\(writer) n\(number) "
                let note = prefix + String(repeating: "x", count: max(0, size - prefix.utf8.count))
                let id = EventID("w\(writer)-p\(process)-\(number)")
                let event = Event(id: id, at: Date(), actor: owner, lead: lead, payload: .noted(note))
                _ = try store.append([event], to: .rep(owner))
                let line = Array("\(id.rawValue)\n".utf8)
                _ = line.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("beback-torture-writer: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

TortureWriter.main()
