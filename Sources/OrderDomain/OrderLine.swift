/// One product on an order, at one unit price.
public struct OrderLine: Hashable, Sendable {
    /// The product.
    public let product: ProductID
    /// How many units; always at least 1 while the line exists.
    public var quantity: Int
    /// The price of one unit.
    public let unitPrice: Money

    /// Creates a line.
    public init(product: ProductID, quantity: Int, unitPrice: Money) {
        self.product = product
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    /// Quantity times unit price. The aggregate refuses any item that would make this overflow,
    /// so for a line that came out of `decide` this never traps.
    public var subtotal: Money {
        Money(minorUnits: unitPrice.minorUnits * Int64(quantity), currency: unitPrice.currency)
    }
}
