import ArgumentParser
import JSONCoding
import OrderDomain
import OrderService

/// `orderctl customer forget CUSTOMER_ID`: destroys the customer's key, so their details can never be
/// read again, and clears every table that held them in the clear. The events stay as they are.
struct CustomerForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Forget a customer's personal data: destroy their key and clear the read model (exit 1 when no customer has this id).",
        discussion: """
        One transaction: the key is destroyed and the contacts read model and the customer's command records are \
        cleared together, or nothing changes. Events are immutable and stay hash-chained: their sealed fields \
        can no longer be opened, so query and replay show them as null with "forgotten": true. Forgetting is for \
        good: the id cannot be registered again. Forgetting a forgotten customer changes nothing and exits 0.
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The customer's UUID.", valueName: "customer-id"))
    var customerID: String

    func validate() throws {
        guard CustomerID(customerID) != nil else { throw ValidationError("customer-id must be a UUID, not \"\(customerID.prefix(60))\"") }
    }

    func run() throws {
        guard let id = CustomerID(customerID) else { throw ExitStatus.usage }
        let outcome = try connection.read { session in try session.customerStore().forget(id) }
        switch outcome {
        case .forgotten, .alreadyForgotten:
            StandardStreams.printLine(JSONValue.object([
                "customerId": .string(id.description),
                "forgotten": true,
                "alreadyForgotten": .bool(outcome == .alreadyForgotten),
            ]).serialized())
        case .notFound:
            StandardStreams.printError("customer \(id) not found: no stream has this id")
            throw ExitStatus.refused
        case .wrongStreamKind:
            StandardStreams.printError("\(id) is an order's stream, not a customer's: there is no personal data to forget")
            throw ExitStatus.refused
        }
    }
}
