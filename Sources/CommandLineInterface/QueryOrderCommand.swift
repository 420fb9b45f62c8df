import ArgumentParser
import OrderDomain
import OrderProjections
import PostgresStore

/// `orderctl query order ORDER_ID`: the order read model.
struct QueryOrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Show one order's read model (exit 1 when the order does not exist)."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    @Argument(help: ArgumentHelp("The order's UUID.", valueName: "order-id"))
    var orderID: String

    func validate() throws {
        guard OrderID(orderID) != nil else { throw ValidationError("order-id must be a UUID, not \"\(orderID.prefix(60))\"") }
    }

    func run() throws {
        guard let id = OrderID(orderID) else { throw ExitStatus.usage }
        guard let stored = try connection.read({ try ReadModelQueries(connection: $0).order(id) }) else {
            StandardStreams.printError("order \(id) not found")
            throw ExitStatus.refused
        }
        switch format {
        case .json: StandardStreams.printLine(OrderViewRendering.json(stored.view, itemCount: stored.itemCount).serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(OrderViewRendering.text(stored.view, itemCount: stored.itemCount))
        }
    }
}
