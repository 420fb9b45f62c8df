import OrderDomain
import OrderService

/// The PostgreSQL customer store behind the customer handler's port: the same calls, with failures in the port's terms.
final class TranslatingCustomerEventStore: CustomerEventStore {
    private let store: PostgresCustomerEventStore

    init(_ store: PostgresCustomerEventStore) {
        self.store = store
    }

    func command(_ commandID: CommandID) throws -> CommandRecord? { try translatingFailures { try store.command(commandID) } }
    func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead { try translatingFailures { try store.customerHead(of: customerID) } }
    func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome { try translatingFailures { try store.append(append) } }
    func forget(_ customerID: CustomerID) throws -> ForgetOutcome { try translatingFailures { try store.forget(customerID) } }
    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] { try translatingFailures { try store.commands(commandIDs) } }
    func customerHeads(of customerIDs: [CustomerID]) throws -> [CustomerID: CustomerStreamHead] {
        try translatingFailures { try store.customerHeads(of: customerIDs) }
    }
    func append(together appends: [CustomerAppend]) throws -> [EventReceipt]? { try translatingFailures { try store.append(together: appends) } }
}
