import ArgumentParser

/// `orderctl audit ...`: checks that the stored history is the history that was written.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the event log's hash chains.",
        subcommands: [AuditVerifyCommand.self]
    )
}
