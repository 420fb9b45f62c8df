import OrderProjections

/// An order as the live `orders` table holds it.
public struct StoredOrderView: Hashable, Sendable {
    /// The order's read model.
    public let view: OrderView
    /// The stored item count; nil while the live table is version 1, which has no such column.
    public let itemCount: Int?

    /// Creates a stored view.
    public init(view: OrderView, itemCount: Int?) {
        self.view = view
        self.itemCount = itemCount
    }
}
