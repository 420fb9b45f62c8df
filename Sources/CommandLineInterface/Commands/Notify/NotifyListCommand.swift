import ArgumentParser
import OrderDomain
import OrderService

/// `orderctl notify list`: notifications as JSON Lines, in log order.
struct NotifyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List notifications in log order, as JSON Lines (or a table with --format text)."
    )

    @OptionGroup var connection: ReadingConnectionOptions

    @Option(help: ArgumentHelp("Only this state: \(NotificationState.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "state"))
    var state: String?

    @Option(help: ArgumentHelp("Only this order's notifications.", valueName: "order-id"))
    var order: String?

    @Option(help: ArgumentHelp("Only this customer's notifications (their welcome and their orders').", valueName: "customer-id"))
    var customer: String?

    @Option(help: "At most this many.")
    var limit: Int?

    @Option(help: "json (default: JSON Lines) or text.")
    var format: OutputFormat = .json

    func validate() throws {
        if let state, NotificationState(rawValue: state) == nil {
            throw ValidationError("--state must be one of \(NotificationState.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(state.prefix(60))\"")
        }
        if let order, OrderID(order) == nil { throw ValidationError("--order must be a UUID, not \"\(order.prefix(60))\"") }
        if let customer, CustomerID(customer) == nil { throw ValidationError("--customer must be a UUID, not \"\(customer.prefix(60))\"") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let filter = NotificationListFilter(
            state: state.flatMap(NotificationState.init(rawValue:)), orderID: order.flatMap(OrderID.init), customerID: customer.flatMap(CustomerID.init), limit: limit
        )
        let notifications = try connection.read { try $0.notifications.list(filter) }
        switch format {
        case .json:
            for notification in notifications { StandardStreams.printLine(NotificationRendering.json(notification).serialized()) }
        case .text:
            StandardStreams.printLine(NotificationRendering.table(notifications).rendered)
        }
    }
}
