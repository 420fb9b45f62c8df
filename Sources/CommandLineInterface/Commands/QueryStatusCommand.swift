import ArgumentParser
import JSONCoding
import OrderDomain
import OrderProjections

/// `orderctl query status STATUS`: the orders in one status.
struct QueryStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the orders in one status, longest unchanged first (an empty list is not an error).",
        discussion: "STATUS is one of: \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    @Argument(help: ArgumentHelp("The status.", valueName: "status"))
    var status: String

    func validate() throws {
        guard OrderStatus(rawValue: status) != nil else {
            throw ValidationError("status must be one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(status.prefix(60))\"")
        }
    }

    func run() throws {
        guard let status = OrderStatus(rawValue: status) else { throw ExitStatus.usage }
        let orders = try connection.read { try $0.readModels.orders(in: status) }
        switch format {
        case .json:
            let object: JSONValue = .object([
                "status": .string(status.rawValue),
                "orderCount": .integer(orders.count),
                "orders": .array(orders.map(OrderSummaryRendering.json)),
            ])
            StandardStreams.printLine(object.serialized(indentedBy: 2))
        case .text:
            StandardStreams.printLine("\(orders.count) \(status.rawValue) order\(orders.count == 1 ? "" : "s")\n\n" + OrderSummaryRendering.table(orders).rendered)
        }
    }
}
