import ArgumentParser
import OrderDomain
import OrderProjections

/// `orderctl query customer CUSTOMER_ID`: the customer's contact, orders and totals.
struct QueryCustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Show a customer's contact, orders, order count and totals per currency (exit 1 when the id has neither a contact nor orders).",
        discussion: "Totals leave cancelled orders out; the order count and the list include them. The contact is null for a guest (orders but no registration) and for a forgotten customer, who also shows \"forgotten\": true."
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: "json (default) or text.")
    var format: OutputFormat = .json

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Answer from the log as it stood at this RFC 3339 time.", valueName: "timestamp"))
    var asOf: String?

    @Argument(help: ArgumentHelp("The customer's UUID.", valueName: "customer-id"))
    var customerID: String

    func validate() throws {
        guard CustomerID(customerID) != nil else { throw ValidationError("customer-id must be a UUID, not \"\(customerID.prefix(60))\"") }
        try MomentOption.validate(asOf, option: "--as-of")
    }

    func run() throws {
        guard let id = CustomerID(customerID) else { throw ExitStatus.usage }
        let moment = asOf.flatMap(Timestamp.init(rfc3339:))
        let found = try connection.read { session in
            try moment.map { try session.eventLog.customer(id, asOf: $0) } ?? session.readModels.customer(id)
        }
        guard let customer = found else {
            StandardStreams.printError("customer \(id) has neither a contact nor orders" + (asOf.map { " as of \($0)" } ?? ""))
            throw ExitStatus.refused
        }
        switch format {
        case .json: StandardStreams.printLine(CustomerViewRendering.json(customer).serialized(indentedBy: 2))
        case .text: StandardStreams.printLine(CustomerViewRendering.text(customer))
        }
    }
}
