import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback init`: creates an empty desk folder.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty desk folder.")

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reportingErrors {
            if case .postgres(let url) = DeskStoreFactory.location(for: desk, config: DeskConfig()) {
                try PostgresDeskCreation.create(url)
                return
            }
            let folder = try DeskFolder.create(at: URL(fileURLWithPath: desk.deskPath))
            print("created an empty desk in \(folder.root.path)")
        }
    }
}
