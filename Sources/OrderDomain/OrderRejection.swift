/// Why the order's business rules refused a command. Closed: every case has a documented code.
public enum OrderRejection: Error, Hashable, Sendable {
    case orderNotFound
    case orderAlreadyExists
    case invalidTransition(from: OrderStatus, command: OrderCommand.Kind)
    case emptyOrder
    case itemNotFound(ProductID)
    case invalidQuantity(requested: Int, held: Int)
    case priceMismatch(ProductID, onOrder: Money, requested: Money)
    case currencyMismatch(order: Currency, requested: Currency)
    /// The price has more fraction digits than the currency, or the amounts would overflow.
    case invalidAmount(reason: InvalidAmountReason)
    /// The id is already the stream of a customer, so it cannot also be an order's.
    case wrongStreamKind

    /// What was wrong with an amount.
    public enum InvalidAmountReason: Hashable, Sendable {
        case tooManyFractionDigits(DecimalAmount, currency: Currency)
        case tooLarge
    }

    /// The documented code for the rejection.
    public var code: String {
        switch self {
        case .orderNotFound: "order_not_found"
        case .orderAlreadyExists: "order_already_exists"
        case .invalidTransition: "invalid_transition"
        case .emptyOrder: "empty_order"
        case .itemNotFound: "item_not_found"
        case .invalidQuantity: "invalid_quantity"
        case .priceMismatch: "price_mismatch"
        case .currencyMismatch: "currency_mismatch"
        case .invalidAmount: "invalid_amount"
        case .wrongStreamKind: "wrong_stream_kind"
        }
    }

    /// A sentence a user can act on.
    public var message: String {
        switch self {
        case .orderNotFound:
            "the order does not exist; place it first"
        case .orderAlreadyExists:
            "an order with this id already exists"
        case let .invalidTransition(status, command):
            "cannot \(command.verb) an order that is \(status.rawValue)"
        case .emptyOrder:
            "cannot confirm an order without items"
        case let .itemNotFound(product):
            "product \(product) is not on the order"
        case let .invalidQuantity(requested, held):
            "cannot remove \(requested) of a product the order holds \(held) of"
        case let .priceMismatch(product, onOrder, requested):
            "product \(product) is on the order at \(onOrder.decimalString), not \(requested.decimalString); remove it first to change its price"
        case let .currencyMismatch(order, requested):
            "the order is in \(order.code), not \(requested.code)"
        case let .invalidAmount(.tooManyFractionDigits(amount, currency)):
            "\(amount) has more fraction digits than \(currency.code) allows (\(currency.minorUnitDigits))"
        case .invalidAmount(.tooLarge):
            "the amount is too large to be held exactly"
        case .wrongStreamKind:
            "this id is a customer's stream, not an order's; give the order an id of its own"
        }
    }
}
