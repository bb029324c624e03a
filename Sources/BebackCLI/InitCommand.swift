import ArgumentParser
import BebackStore
import Foundation

/// `beback init`: creates an empty desk folder.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create an empty desk folder.")

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reportingErrors {
            // A PostgreSQL desk when --store says so (or $BEBACK_STORE, unless --data names a folder to create).
            let named = desk.store ?? (desk.data == nil ? desk.environment["BEBACK_STORE"].flatMap { $0.isEmpty ? nil : $0 } : nil)
            if let named, case .postgres(let url) = DeskStoreLocation(named) {
                try PostgresDeskCreation.create(url)
                return
            }
            let folder = try DeskFolder.create(at: URL(fileURLWithPath: desk.deskPath))
            print("created an empty desk in \(folder.root.path)")
        }
    }
}
