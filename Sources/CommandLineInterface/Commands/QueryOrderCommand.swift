import ArgumentParser
import OrderDomain
import OrderProjections
import OrderService

/// `orderctl query order ORDER_ID`: the order read model.
struct QueryOrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Show one order's read model (exit 1 when the order does not exist)."
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Answer from the log as it stood at this RFC 3339 time.", valueName: "timestamp"))
    var asOf: String?

    @Argument(help: ArgumentHelp("The order's UUID.", valueName: "order-id"))
    var orderID: String

    func validate() throws {
        guard OrderID(orderID) != nil else { throw ValidationError("order-id must be a UUID, not \"\(orderID.prefix(60))\"") }
        try MomentOption.validate(asOf, option: "--as-of")
    }

    func run() throws {
        guard let id = OrderID(orderID) else { throw ExitStatus.usage }
        let found: StoredOrderView?
        if let moment = asOf.flatMap(Timestamp.init(rfc3339:)) {
            found = try connection.read { session in
                try OrderReplay.view(of: try session.eventLog.lines(of: id), asOf: moment)
                    .map { StoredOrderView(view: $0, itemCount: $0.itemCount) }
            }
        } else {
            found = try connection.read { try $0.readModels.order(id) }
        }
        guard let stored = found else {
            StandardStreams.printError(asOf.map { "order \(id) not found as of \($0)" } ?? "order \(id) not found")
            throw ExitStatus.refused
        }
        switch format {
        case .json: StandardStreams.printLine(OrderViewRendering.json(stored.view, itemCount: stored.itemCount).serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(OrderViewRendering.text(stored.view, itemCount: stored.itemCount))
        }
    }
}
