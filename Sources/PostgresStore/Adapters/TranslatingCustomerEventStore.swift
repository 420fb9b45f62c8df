import OrderDomain
import OrderService

/// The PostgreSQL customer store behind the customer handler's port: the same calls, with failures in the
/// port's terms and without PostgreSQL's DETAIL, which can quote a customer's row.
final class TranslatingCustomerEventStore: CustomerEventStore {
    private let store: PostgresCustomerEventStore

    init(_ store: PostgresCustomerEventStore) {
        self.store = store
    }

    func command(_ commandID: CommandID) throws -> CommandRecord? { try translated { try store.command(commandID) } }
    func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead { try translated { try store.customerHead(of: customerID) } }
    func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome { try translated { try store.append(append) } }
    func forget(_ customerID: CustomerID) throws -> ForgetOutcome { try translated { try store.forget(customerID) } }
    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] { try translated { try store.commands(commandIDs) } }
    func customerHeads(of customerIDs: [CustomerID]) throws -> [CustomerID: CustomerStreamHead] { try translated { try store.customerHeads(of: customerIDs) } }
    func append(together appends: [CustomerAppend]) throws -> [EventReceipt]? { try translated { try store.append(together: appends) } }

    private func translated<Result>(_ work: () throws -> Result) throws -> Result {
        try translatingFailures { try withoutPersonalDetail(work) }
    }
}
