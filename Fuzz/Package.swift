// swift-tools-version:6.1
// The fuzz target for the journal record reader. Built only by `make fuzz`, with
// `swift build -Xswiftc -sanitize=fuzzer,address`, so the main package's `swift build` never sees it.
import PackageDescription

let package = Package(
    name: "BebackFuzz",
    dependencies: [.package(name: "Beback", path: "..")],
    targets: [
        .executableTarget(
            name: "JournalReaderFuzz",
            dependencies: ["CFuzzDriver", .product(name: "BebackStore", package: "Beback")],
            swiftSettings: [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]
        ),
        .target(name: "CFuzzDriver"),
    ]
)
