import ArgumentParser

/// `orderctl customer ...`: what is done to a customer outside the command stream.
struct CustomerAdministrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Manage customers' personal data.",
        subcommands: [CustomerForgetCommand.self]
    )
}
