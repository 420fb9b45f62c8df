import ArgumentParser
import OrderService

/// `orderctl notify show ID`: one notification, its whole message and every attempt.
struct NotifyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one notification with its full message and every attempt (time, outcome, the server's reply)."
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    @Argument(help: ArgumentHelp("The notification's id (as notify list prints it).", valueName: "id"))
    var id: String

    func validate() throws {
        guard NotificationID(id) != nil else { throw ValidationError("the notification id must be a UUID, not \"\(id.prefix(60))\"") }
    }

    func run() throws {
        guard let id = NotificationID(id) else { throw ExitStatus.usage }
        guard let detail = try connection.read({ try $0.notifications.detail(of: id) }) else {
            StandardStreams.printError("no notification has id \(id)")
            throw ExitStatus.refused
        }
        switch format {
        case .json: StandardStreams.printLine(NotificationRendering.json(detail).serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(NotificationRendering.text(detail))
        }
    }
}
