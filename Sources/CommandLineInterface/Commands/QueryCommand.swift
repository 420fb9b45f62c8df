import ArgumentParser

/// `orderctl query ...`: read models.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Show read models.",
        subcommands: [QueryOrderCommand.self, QueryCustomerCommand.self, QueryStatusCommand.self]
    )
}
