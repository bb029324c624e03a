// swift-tools-version:6.1
// Beback: a full-screen terminal lead desk on append-only journals. Linux only: the stores and
// the terminal call Glibc (flock, fdatasync, O_NOFOLLOW, mmap); other platforms are not built or tested.
//
// Layers (arrows point down only):
//   beback (executable) -> BebackCLI (commands, run loop, wiring)
//   BebackCLI -> BebackDesk (screen state, key map, panes) -> BebackCells (cells, keys, rects, styles: no ncurses)
//   BebackCLI -> BebackTerminal (the only ncurses code) -> BebackCells, CNCursesW
//   BebackCLI -> BebackStore (journal files) -> BebackCodec (journal payloads: JSON, entry digests, snapshot parts)
//   BebackCodec -> BebackDomain (pure follow-up rules: no I/O, no threads, no wire formats, no CLI words)
//   BebackText: sanitizing and display width, shared by every layer that shows outside text.
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Beback",
    products: [
        .executable(name: "beback", targets: ["beback"]),
        // For the fuzz package in Fuzz/ (built only by `make fuzz`).
        .library(name: "BebackStore", targets: ["BebackStore"])
    ],
    traits: [
        // `swift build --traits Postgres`: the journal on PostgreSQL (`--store postgres://...`, `beback migrate`).
        // Off by default so the everyday build never compiles the database driver.
        .trait(name: "Postgres", description: "The PostgreSQL event store (postgres-nio), --store postgres://... and beback migrate"),
        .default(enabledTraits: [])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2")
    ],
    targets: [
        // MARK: Domain and storage (no terminal, no UI)
        .target(name: "BebackDomain", swiftSettings: strictSwift),

        // MARK: The codec: how events are written in a journal entry (JSON), read back whole or as
        // entry digests for the indexed open, and what a snapshot keeps of a folded desk
        .target(name: "BebackCodec", dependencies: ["BebackDomain"], swiftSettings: strictSwift),
        .target(name: "BebackStore", dependencies: ["BebackDomain", "BebackCodec", "CBebackCRC"], swiftSettings: strictSwift),
        // The CPU's CRC-32C instruction (SSE 4.2 / ARMv8 CRC), checked for at run time.
        .target(name: "CBebackCRC"),
        .target(name: "BebackText", swiftSettings: strictSwift),

        // MARK: Bundled resources (call scripts, demo names) from the top-level Resources folder
        .target(
            name: "BebackResources",
            path: "Resources",
            sources: ["Accessor.swift"],
            resources: [.copy("demo"), .copy("scripts"), .copy("templates")],
            swiftSettings: strictSwift
        ),

        // MARK: Cells: what a screen is made of (cells, keys, rects, styles), no ncurses
        .target(name: "BebackCells", dependencies: ["BebackText"], swiftSettings: strictSwift),

        // MARK: Terminal: the only code that touches ncurses
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        .target(name: "BebackTerminal", dependencies: ["CNCursesW", "BebackCells", "BebackText"], swiftSettings: strictSwift),

        // MARK: The desk UI: screen state, key map, pane renderers (draws into a cell buffer)
        .target(name: "BebackDesk", dependencies: ["BebackDomain", "BebackCells", "BebackText"], swiftSettings: strictSwift),

        // MARK: Getting leads in and out: CSV and vCard import, CSV/JSON/iCalendar export (no terminal)
        .target(
            name: "BebackExchange",
            dependencies: ["BebackDomain", "BebackText", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strictSwift
        ),

        // MARK: The journal on PostgreSQL: compiled (with its driver) only with the Postgres trait; an empty module otherwise
        .target(
            name: "BebackPostgres",
            dependencies: [
                "BebackDomain", "BebackCodec", "BebackStore",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["Postgres"]))
            ],
            swiftSettings: strictSwift
        ),

        // MARK: Command line and wiring
        .target(
            name: "BebackCLI",
            dependencies: [
                "BebackDomain", "BebackStore", "BebackText", "BebackCells", "BebackDesk", "BebackTerminal", "BebackResources", "BebackExchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "BebackPostgres", condition: .when(traits: ["Postgres"]))
            ],
            swiftSettings: strictSwift
        ),
        .executableTarget(name: "beback", dependencies: ["BebackCLI"], swiftSettings: strictSwift),

        // MARK: Tests (mirror the source layout)
        // Test-support program for the journal torture tests (never installed): appends and acknowledges entries until killed.
        .executableTarget(
            name: "beback-torture-writer",
            dependencies: [
                "BebackDomain", "BebackStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            path: "Tests/TortureWriter", swiftSettings: strictSwift),
        .target(
            name: "BebackTestSupport", dependencies: ["BebackDomain", "BebackCodec", "BebackStore"], path: "Tests/BebackTestSupport", swiftSettings: strictSwift
        ),
        .testTarget(name: "BebackDomainTests", dependencies: ["BebackDomain", "BebackTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "BebackCodecTests", dependencies: ["BebackCodec", "BebackDomain", "BebackTestSupport"], swiftSettings: strictSwift),
        .testTarget(
            name: "BebackStoreTests",
            dependencies: [
                "BebackStore", "BebackCodec", "BebackDomain", "BebackTestSupport",
                .target(name: "BebackPostgres", condition: .when(traits: ["Postgres"]))
            ],
            resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        .testTarget(name: "BebackTextTests", dependencies: ["BebackText"], swiftSettings: strictSwift),
        .testTarget(name: "BebackCellsTests", dependencies: ["BebackCells", "BebackText"], swiftSettings: strictSwift),
        .testTarget(name: "BebackTerminalTests", dependencies: ["BebackTerminal", "BebackCells", "BebackText"], swiftSettings: strictSwift),
        .testTarget(
            name: "BebackDeskTests", dependencies: ["BebackDesk", "BebackCells", "BebackText", "BebackDomain", "BebackTestSupport"],
            exclude: ["__snapshots__"], swiftSettings: strictSwift),
        .testTarget(
            name: "BebackCLITests", dependencies: ["BebackCLI", "BebackCells", "BebackStore", "BebackDomain", "BebackTestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "BebackEndToEndTests", dependencies: ["BebackTestSupport", "BebackDomain", "BebackStore"], swiftSettings: strictSwift),
        .testTarget(
            name: "BebackExchangeTests", dependencies: ["BebackExchange", "BebackDomain", "BebackTestSupport", .product(name: "CSV", package: "CSV.swift")],
            resources: [.copy("Fixtures")], swiftSettings: strictSwift),
        // Runs against the throwaway server `Tests/Postgres/with-postgres.sh` starts (BEBACK_TEST_POSTGRES); empty without the trait.
        .testTarget(
            name: "BebackPostgresTests",
            dependencies: [
                "BebackStore", "BebackCodec", "BebackDomain", "BebackTestSupport",
                .target(name: "BebackPostgres", condition: .when(traits: ["Postgres"]))
            ],
            swiftSettings: strictSwift)
    ]
)
