import ArgumentParser

/// `orderctl notify ...`: the e-mails the service sends customers, through the outbox.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Prepare and send the customers' e-mail notifications, and look after the outbox.",
        subcommands: [NotifyRunCommand.self, NotifyStatusCommand.self, NotifyListCommand.self, NotifyShowCommand.self, NotifyRetryCommand.self]
    )
}
