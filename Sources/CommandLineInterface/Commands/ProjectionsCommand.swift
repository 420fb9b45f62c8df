import ArgumentParser

/// `orderctl projections ...`: the read models' state, catch-up and rebuilds.
struct ProjectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Inspect, catch up and rebuild the read models.",
        subcommands: [ProjectionsStatusCommand.self, ProjectionsCatchUpCommand.self, ProjectionsRebuildCommand.self]
    )
}
