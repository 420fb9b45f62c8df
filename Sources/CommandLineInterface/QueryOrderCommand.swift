import ArgumentParser
import OrderDomain
import OrderProjections
import PostgresStore

/// `orderctl query order ORDER_ID`: the order read model as JSON.
struct QueryOrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Show one order's read model as JSON (exit 1 when the order does not exist)."
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The order's UUID.", valueName: "order-id"))
    var orderID: String

    func validate() throws {
        guard OrderID(orderID) != nil else { throw ValidationError("order-id must be a UUID, not \"\(orderID.prefix(60))\"") }
    }

    func run() throws {
        guard let id = OrderID(orderID) else { throw ExitStatus.usage }
        let database = try connection.connectToMigratedDatabase()
        let view: OrderView?
        do {
            view = try PostgresOrderEventStore(connection: database).view(of: id)
        } catch {
            throw InfrastructureFailure(error)
        }
        guard let view else {
            StandardStreams.printError("order \(id) not found")
            throw ExitStatus.refused
        }
        StandardStreams.printLine(OrderViewRendering.json(view).serialized(indentedBy: 2))
    }
}
