/// What a client asks of one order. The order id travels beside the command, as the stream it targets.
public enum OrderCommand: Hashable, Sendable {
    case placeOrder(customer: CustomerID, currency: Currency)
    case addItem(product: ProductID, quantity: Int, unitPrice: DecimalAmount, currency: Currency?)
    /// `quantity` nil removes the whole line.
    case removeItem(product: ProductID, quantity: Int?)
    case confirmOrder
    case shipOrder(trackingNumber: String?)
    case deliverOrder
    case cancelOrder(reason: String?)

    /// The command's kind, without its data.
    public var kind: Kind {
        switch self {
        case .placeOrder: .placeOrder
        case .addItem: .addItem
        case .removeItem: .removeItem
        case .confirmOrder: .confirmOrder
        case .shipOrder: .shipOrder
        case .deliverOrder: .deliverOrder
        case .cancelOrder: .cancelOrder
        }
    }

    /// The kinds of command, named as docs/reference.md names them on the wire.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case placeOrder = "PlaceOrder"
        case addItem = "AddItem"
        case removeItem = "RemoveItem"
        case confirmOrder = "ConfirmOrder"
        case shipOrder = "ShipOrder"
        case deliverOrder = "DeliverOrder"
        case cancelOrder = "CancelOrder"

        /// The verb a message uses: "cannot ship an order that is pending".
        public var verb: String {
            switch self {
            case .placeOrder: "place"
            case .addItem: "add items to"
            case .removeItem: "remove items from"
            case .confirmOrder: "confirm"
            case .shipOrder: "ship"
            case .deliverOrder: "deliver"
            case .cancelOrder: "cancel"
            }
        }
    }
}
