import BebackDomain
import BebackStore
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// Where a desk's journals live: the desk folder's `journals` files (the default), or a PostgreSQL desk.
enum DeskStoreLocation: Equatable {
    case folder(DeskFolder)
    case postgres(url: String)

    /// Reads a `--store`/`--to` value: a `postgres://` URL, or a folder path.
    init(_ text: String) {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .folder(DeskFolder(path: text))
        }
    }

    static func == (lhs: DeskStoreLocation, rhs: DeskStoreLocation) -> Bool {
        switch (lhs, rhs) {
        case (.folder(let a), .folder(let b)): return a.root == b.root
        case (.postgres(let a), .postgres(let b)): return a == b
        default: return false
        }
    }
}

/// The one place desk commands get their event store from.
enum DeskStoreFactory {
    /// Said when a build without the `Postgres` trait is given a `postgres://` store.
    static let notBuilt = "this beback was built without PostgreSQL support; build it with 'swift build --traits Postgres' (or 'make build-postgres')"

    /// Where the desk of these options lives: `--store`, else `$BEBACK_STORE`, else desk.conf's `[store] url`, else the folder.
    static func location(for options: DeskOptions, config: DeskConfig) -> DeskStoreLocation {
        if let store = options.store ?? options.environment["BEBACK_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) ?? config.storeURL {
            return DeskStoreLocation(store)
        }
        return .folder(options.folder)
    }

    /// Opens the store at a location.
    static func open(_ location: DeskStoreLocation, clock: any Clock) throws -> any EventStore {
        switch location {
        case .folder(let folder):
            return try FileEventStore(folder: folder, clock: clock)
        case .postgres(let url):
            #if Postgres
                return try PostgresEventStore(address: PostgresDeskAddress(url), clock: clock)
            #else
                _ = url
                throw CLIError(notBuilt)
            #endif
        }
    }
}

/// `beback init --store postgres://...`: installs the tables when missing and creates the empty desk.
enum PostgresDeskCreation {
    static func create(_ url: String) throws {
        #if Postgres
            let address = try PostgresDeskAddress(url)
            let store = try PostgresEventStore.create(at: address)
            store.close()
            print("created an empty desk at \(address)")
        #else
            _ = url
            throw CLIError(DeskStoreFactory.notBuilt)
        #endif
    }
}
