import ArgumentParser

/// The `beback` command line (placeholder until the commands land).
public struct BebackCommand: ParsableCommand {
    public init() {}
    public func run() throws {}
}
