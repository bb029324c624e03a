import ArgumentParser
import BebackDomain
import BebackStore
import BebackText
import Foundation

/// A command-line failure: printed as one line on stderr, with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body; any failure becomes one line on stderr and exit status 1.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as CleanExit {
        throw error
    } catch {
        let message: String
        switch error {
        case let error as CLIError: message = error.description
        case let error as StoreError: message = error.description
        case let error as LeadActionError: message = error.description
        case let error as AccessError: message = error.commandLineMessage
        case let error as AssignmentError: message = error.commandLineMessage
        default: message = "\(error)"
        }
        // Errors quote what the user typed and what files hold (ids, names, paths): shown through
        // the sanitizing chokepoint like every other output, line by line.
        let safe = SafeText.sanitizeLines(message).joined(separator: "\n")
        FileHandle.standardError.write(Data("beback: \(safe)\n".utf8))
        throw ExitCode.failure
    }
}
