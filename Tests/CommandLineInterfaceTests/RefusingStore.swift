import OrderDomain
import OrderProjections
import OrderService

/// An in-memory store whose appends to one order fail the way a store refuses them.
final class RefusingStore: InMemoryForwarding {
    let inner = InMemoryOrderEventStore()
    private let refused: OrderID
    private let kind: StoreFailure.Kind

    init(refusing refused: OrderID, as kind: StoreFailure.Kind = .valueRefused) {
        self.refused = refused
        self.kind = kind
    }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        guard append.orderID != refused else {
            throw StoreFailure(kind, "appending to stream \(refused): refused on purpose")
        }
        return try inner.append(append)
    }
}
