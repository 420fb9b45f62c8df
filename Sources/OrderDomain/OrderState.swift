/// An order's stream folded so far: nothing yet, or a placed order.
///
/// `decide` and `evolve` are the whole business: pure, total, and free of I/O.
public enum OrderState: Hashable, Sendable {
    case notPlaced
    case placed(Order)

    /// The state of an empty stream.
    public static let initial = OrderState.notPlaced

    /// Rebuilds the state from a stream's events.
    public static func replaying(_ events: some Sequence<OrderEvent>) -> OrderState {
        events.reduce(.initial) { $0.evolve($1) }
    }

    /// The event a command produces in this state, or the first business rule it breaks.
    ///
    /// Rules are checked in the documented order: existence, status, then the command's own rules.
    public func decide(_ command: OrderCommand) throws(OrderRejection) -> OrderEvent {
        guard case let .placed(order) = self else {
            guard case let .placeOrder(customer, currency) = command else { throw .orderNotFound }
            return .orderPlaced(customer: customer, currency: currency)
        }
        let kind = command.kind
        guard kind != .placeOrder else { throw .orderAlreadyExists }
        guard Self.allowedStatuses(for: kind).contains(order.status) else {
            throw .invalidTransition(from: order.status, command: kind)
        }
        switch command {
        case .placeOrder:
            throw .orderAlreadyExists
        case let .addItem(product, quantity, unitPrice, currency):
            return try Self.decideAddItem(product: product, quantity: quantity, unitPrice: unitPrice, currency: currency, to: order)
        case let .removeItem(product, quantity):
            guard let line = order.line(for: product) else { throw .itemNotFound(product) }
            let removed = quantity ?? line.quantity
            guard removed <= line.quantity else { throw .invalidQuantity(requested: removed, held: line.quantity) }
            return .itemRemoved(product: product, quantity: removed)
        case .confirmOrder:
            guard !order.lines.isEmpty else { throw .emptyOrder }
            return .orderConfirmed
        case let .shipOrder(trackingNumber):
            return .orderShipped(trackingNumber: trackingNumber)
        case .deliverOrder:
            return .orderDelivered
        case let .cancelOrder(reason):
            return .orderCancelled(reason: reason)
        }
    }

    /// The state after one more event. Total: an event that makes no sense here leaves the state as it
    /// was, because stored events are facts and a reader must never crash on history.
    public func evolve(_ event: OrderEvent) -> OrderState {
        switch (self, event) {
        case let (.notPlaced, .orderPlaced(customer, currency)):
            return .placed(Order(customer: customer, currency: currency))
        case (.notPlaced, _), (.placed, .orderPlaced):
            return self
        case (.placed(var order), let .itemAdded(product, quantity, unitPrice)):
            if let index = order.lines.firstIndex(where: { $0.product == product }) {
                order.lines[index].quantity += quantity
            } else {
                order.lines.append(OrderLine(product: product, quantity: quantity, unitPrice: unitPrice))
            }
            return .placed(order)
        case (.placed(var order), let .itemRemoved(product, quantity)):
            if let index = order.lines.firstIndex(where: { $0.product == product }) {
                order.lines[index].quantity -= quantity
                if order.lines[index].quantity <= 0 { order.lines.remove(at: index) }
            }
            return .placed(order)
        case (.placed(var order), .orderConfirmed), (.placed(var order), .orderShipped),
             (.placed(var order), .orderDelivered), (.placed(var order), .orderCancelled):
            order.status = Self.status(after: event.kind) ?? order.status
            return .placed(order)
        }
    }

    /// The status an event moves an order to; nil for events that leave the status alone.
    public static func status(after kind: OrderEvent.Kind) -> OrderStatus? {
        switch kind {
        case .orderConfirmed: .confirmed
        case .orderShipped: .shipped
        case .orderDelivered: .delivered
        case .orderCancelled: .cancelled
        case .orderPlaced, .itemAdded, .itemRemoved: nil
        }
    }

    /// The placed order, if any.
    public var order: Order? {
        if case let .placed(order) = self { order } else { nil }
    }

    /// The statuses in which a command of this kind may run (the status machine in one place).
    public static func allowedStatuses(for kind: OrderCommand.Kind) -> Set<OrderStatus> {
        switch kind {
        case .placeOrder: []
        case .addItem, .removeItem: [.pending]
        case .confirmOrder: [.pending]
        case .shipOrder: [.confirmed]
        case .deliverOrder: [.shipped]
        case .cancelOrder: [.pending, .confirmed]
        }
    }

    /// AddItem's own rules, in the documented order: currency, then exactness, then price.
    private static func decideAddItem(
        product: ProductID, quantity: Int, unitPrice amount: DecimalAmount, currency: Currency?, to order: Order
    ) throws(OrderRejection) -> OrderEvent {
        if let currency, currency != order.currency {
            throw .currencyMismatch(order: order.currency, requested: currency)
        }
        let unitPrice: Money
        switch Money.exactly(amount, in: order.currency) {
        case let .success(money):
            unitPrice = money
        case .failure(.tooManyFractionDigits):
            throw .invalidAmount(reason: .tooManyFractionDigits(amount, currency: order.currency))
        case .failure(.overflow):
            throw .invalidAmount(reason: .tooLarge)
        }
        let existing = order.line(for: product)
        if let existing, existing.unitPrice != unitPrice {
            throw .priceMismatch(product, onOrder: existing.unitPrice, requested: unitPrice)
        }
        // Every later subtotal and total must stay exact, so refuse now what would overflow then.
        guard case .success = unitPrice.multiplied(by: (existing?.quantity ?? 0) + quantity),
              case let .success(added) = unitPrice.multiplied(by: quantity),
              case .success = order.total.adding(added)
        else { throw .invalidAmount(reason: .tooLarge) }
        return .itemAdded(product: product, quantity: quantity, unitPrice: unitPrice)
    }
}
