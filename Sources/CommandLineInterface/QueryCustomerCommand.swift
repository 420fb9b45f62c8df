import ArgumentParser
import OrderDomain
import OrderProjections
import PostgresStore

/// `orderctl query customer CUSTOMER_ID`: the customer's orders and totals.
struct QueryCustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Show a customer's orders, order count and totals per currency (exit 1 when the customer has no orders).",
        discussion: "Totals leave cancelled orders out; the order count and the list include them."
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    @Argument(help: ArgumentHelp("The customer's UUID.", valueName: "customer-id"))
    var customerID: String

    func validate() throws {
        guard CustomerID(customerID) != nil else { throw ValidationError("customer-id must be a UUID, not \"\(customerID.prefix(60))\"") }
    }

    func run() throws {
        guard let id = CustomerID(customerID) else { throw ExitStatus.usage }
        guard let customer = try connection.read({ try ReadModelQueries(connection: $0).customer(id) }) else {
            StandardStreams.printError("customer \(id) has no orders")
            throw ExitStatus.refused
        }
        switch format {
        case .json: StandardStreams.printLine(CustomerViewRendering.json(customer).serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(CustomerViewRendering.text(customer))
        }
    }
}
