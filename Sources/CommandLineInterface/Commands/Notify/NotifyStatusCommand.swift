import ArgumentParser
import JSONCoding
import OrderService

/// `orderctl notify status`: counts per state, the lag behind the log, and the ages.
struct NotifyStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how many notifications are in each state and how far the outbox lags the log.",
        discussion: "Exits 1 when any notification is dead: someone must look at it (notify show) and retry it (notify retry)."
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    func run() throws {
        let status = try connection.read { try $0.notifications.status() }
        switch format {
        case .json: StandardStreams.printLine(NotificationRendering.json(status).serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(NotificationRendering.text(status))
        }
        if status.hasDeadLetters { throw ExitStatus.refused }
    }
}
