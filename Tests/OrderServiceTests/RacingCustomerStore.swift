import OrderDomain
import OrderService

/// An in-memory customer store where, once armed, a rival acts on the stream just before each of the
/// next appends: after the handler read the head it decided on, before its append is checked.
final class RacingCustomerStore: CustomerEventStore {
    /// What the rival does to the customer's stream in the store.
    typealias Rival = (InMemoryCustomerEventStore, CustomerID) throws -> Void

    let inner = InMemoryCustomerEventStore()
    private var lossesLeft: Int
    private var armed = false
    private let rival: Rival

    init(losses: Int, rival: @escaping Rival = RacingCustomerStore.changeNothing) {
        lossesLeft = losses
        self.rival = rival
    }

    func arm() { armed = true }

    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead { try inner.customerHead(of: customerID) }
    func forget(_ customerID: CustomerID) throws -> ForgetOutcome { try inner.forget(customerID) }

    func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome {
        if armed, lossesLeft > 0 {
            lossesLeft -= 1
            try rival(inner, append.customerID)
        }
        return try inner.append(append)
    }

    /// A rival whose change alters nothing, which is still recorded: the stream moves by one version.
    static func changeNothing(_ store: InMemoryCustomerEventStore, _ customer: CustomerID) throws {
        let rival = CustomerCommandHandlerTests.makeHandler(store: store)
        _ = try rival.handle(CustomerCommandHandlerTests.envelope(.changeContactInfo(.none), for: customer))
    }

    /// A rival that forgets the customer: the stream's version stays, but it takes no more appends.
    static func forget(_ store: InMemoryCustomerEventStore, _ customer: CustomerID) throws {
        _ = try store.forget(customer)
    }
}
