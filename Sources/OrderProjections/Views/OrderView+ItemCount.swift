extension OrderView {
    /// How many units the order holds over all its lines (the column `orders` version 2 added).
    public var itemCount: Int {
        order.lines.reduce(0) { $0 + $1.quantity }
    }
}
