/// The state of a placed order, as rebuilt from its events.
public struct Order: Hashable, Sendable {
    /// Who placed it.
    public let customer: CustomerID
    /// The currency of every amount on the order.
    public let currency: Currency
    /// Where it stands.
    public var status: OrderStatus
    /// Its products, in the order they were first added.
    public var lines: [OrderLine]

    /// Creates an order state; `evolve` is the usual way to get one.
    public init(customer: CustomerID, currency: Currency, status: OrderStatus = .pending, lines: [OrderLine] = []) {
        self.customer = customer
        self.currency = currency
        self.status = status
        self.lines = lines
    }

    /// The sum of the line subtotals (kept within range by `decide`).
    public var total: Money {
        Money(minorUnits: lines.reduce(0) { $0 + $1.subtotal.minorUnits }, currency: currency)
    }

    /// The line for a product, if the order holds it.
    public func line(for product: ProductID) -> OrderLine? {
        lines.first { $0.product == product }
    }
}
