import Testing
@testable import OrderDomain

@Suite("Order aggregate: decide and evolve")
struct OrderStateTests {

    /// Which commands each status allows; everything else answers a typed rejection.
    static let allowed: [OrderStatus: Set<OrderCommand.Kind>] = [
        .pending: [.addItem, .removeItem, .confirmOrder, .cancelOrder],
        .confirmed: [.shipOrder, .cancelOrder],
        .shipped: [.deliverOrder],
        .delivered: [],
        .cancelled: [],
    ]

    /// The one event each command produces when it is allowed (written out here, not taken from the code).
    static let eventKind: [OrderCommand.Kind: OrderEvent.Kind] = [
        .placeOrder: .orderPlaced, .addItem: .itemAdded, .removeItem: .itemRemoved, .confirmOrder: .orderConfirmed,
        .shipOrder: .orderShipped, .deliverOrder: .orderDelivered, .cancelOrder: .orderCancelled,
    ]

    static let everyStatusAndCommand: [(OrderStatus?, OrderCommand.Kind)] =
        ([nil] + OrderStatus.allCases.map(Optional.some)).flatMap { status in OrderCommand.Kind.allCases.map { (status, $0) } }

    @Test("every command in every status", arguments: everyStatusAndCommand)
    func everyCommandInEveryStatus(status: OrderStatus?, kind: OrderCommand.Kind) {
        let state = OrderState.replaying(DomainFixtures.history(reaching: status))
        let outcome = state.outcome(of: DomainFixtures.command(kind))
        switch (status, kind) {
        case (nil, .placeOrder):
            #expect(outcome == .success(.orderPlaced(customer: DomainFixtures.customer, currency: .eur)))
        case (nil, _):
            #expect(outcome == .failure(.orderNotFound))
        case (.some, .placeOrder):
            #expect(outcome == .failure(.orderAlreadyExists))
        case let (.some(status), kind):
            if Self.allowed[status]!.contains(kind) {
                guard case let .success(event) = outcome else {
                    Issue.record("\(kind) in \(status) was refused: \(outcome)")
                    return
                }
                #expect(event.kind == Self.eventKind[kind])
            } else {
                #expect(outcome == .failure(.invalidTransition(from: status, command: kind)))
            }
        }
    }

    @Test("the status machine: pending → confirmed → shipped → delivered")
    func happyPath() throws {
        var state = OrderState.initial
        for command: OrderCommand in [
            .placeOrder(customer: DomainFixtures.customer, currency: .eur),
            .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.amount("19.99"), currency: .eur),
            .confirmOrder, .shipOrder(trackingNumber: "1Z999"), .deliverOrder,
        ] {
            state = state.evolve(try state.decide(command))
        }
        #expect(state.order?.status == .delivered)
        #expect(state.order?.total == DomainFixtures.euros(1999))
    }

    @Test("cancel is allowed from pending and confirmed only", arguments: OrderStatus.allCases)
    func cancel(from status: OrderStatus) {
        let outcome = OrderState.replaying(DomainFixtures.history(reaching: status)).outcome(of: .cancelOrder(reason: "r"))
        if status == .pending || status == .confirmed {
            #expect(outcome == .success(.orderCancelled(reason: "r")))
        } else {
            #expect(outcome == .failure(.invalidTransition(from: status, command: .cancelOrder)))
        }
    }

    @Test("confirming an order without items is empty_order")
    func emptyOrder() {
        let state = OrderState.replaying([.orderPlaced(customer: DomainFixtures.customer, currency: .eur)])
        #expect(state.outcome(of: .confirmOrder) == .failure(.emptyOrder))
        #expect(OrderRejection.emptyOrder.code == "empty_order")
    }

    @Test("adding the same product at the same price adds to its quantity")
    func addSameProduct() throws {
        var state = OrderState.replaying(DomainFixtures.history(reaching: .pending))
        state = state.evolve(try state.decide(.addItem(product: DomainFixtures.keyboard, quantity: 3, unitPrice: DomainFixtures.amount("19.99"), currency: nil)))
        #expect(state.order?.lines == [OrderLine(product: DomainFixtures.keyboard, quantity: 5, unitPrice: DomainFixtures.euros(1999))])
        #expect(state.order?.total == DomainFixtures.euros(9995))
    }

    @Test("AddItem checks currency, then exactness, then price")
    func addItemRuleOrder() {
        let state = OrderState.replaying(DomainFixtures.history(reaching: .pending))
        // Wrong currency AND too many digits AND another price: currency wins.
        #expect(state.outcome(of: .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.amount("1.001"), currency: .usd))
            == .failure(.currencyMismatch(order: .eur, requested: .usd)))
        // Too many digits AND another price: exactness wins.
        #expect(state.outcome(of: .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.amount("1.001"), currency: .eur))
            == .failure(.invalidAmount(reason: .tooManyFractionDigits(DomainFixtures.amount("1.001"), currency: .eur))))
        #expect(state.outcome(of: .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.amount("18.99"), currency: nil))
            == .failure(.priceMismatch(DomainFixtures.keyboard, onOrder: DomainFixtures.euros(1999), requested: DomainFixtures.euros(1899))))
        // The same price written with fewer digits is the same price.
        #expect(state.outcome(of: .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.amount("19.99"), currency: .eur))
            == .success(.itemAdded(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.euros(1999))))
    }

    @Test("RemoveItem checks the product, then the quantity held")
    func removeItemRules() {
        let state = OrderState.replaying(DomainFixtures.history(reaching: .pending))
        #expect(state.outcome(of: .removeItem(product: DomainFixtures.mouse, quantity: 1)) == .failure(.itemNotFound(DomainFixtures.mouse)))
        #expect(state.outcome(of: .removeItem(product: DomainFixtures.keyboard, quantity: 3)) == .failure(.invalidQuantity(requested: 3, held: 2)))
        #expect(state.outcome(of: .removeItem(product: DomainFixtures.keyboard, quantity: nil)) == .success(.itemRemoved(product: DomainFixtures.keyboard, quantity: 2)))
    }

    @Test("removing part of a line keeps the rest; removing all drops the line")
    func removeEvolves() {
        let state = OrderState.replaying(DomainFixtures.history(reaching: .pending))
        let partly = state.evolve(.itemRemoved(product: DomainFixtures.keyboard, quantity: 1))
        #expect(partly.order?.lines == [OrderLine(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.euros(1999))])
        let fully = partly.evolve(.itemRemoved(product: DomainFixtures.keyboard, quantity: 1))
        #expect(fully.order?.lines == [])
        #expect(fully.order?.total == DomainFixtures.euros(0))
    }

    @Test("an order whose total would overflow is refused with invalid_amount")
    func totalOverflow() {
        let huge = DomainFixtures.amount("92233720368547758.07") // Int64.max cents
        let placed = OrderState.replaying([.orderPlaced(customer: DomainFixtures.customer, currency: .eur)])
        let first = placed.outcome(of: .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: huge, currency: nil))
        #expect(first == .success(.itemAdded(product: DomainFixtures.keyboard, quantity: 1, unitPrice: DomainFixtures.euros(.max))))
        let full = placed.evolve(try! first.get())
        #expect(full.outcome(of: .addItem(product: DomainFixtures.mouse, quantity: 1, unitPrice: DomainFixtures.amount("0.01"), currency: nil))
            == .failure(.invalidAmount(reason: .tooLarge)))
        #expect(full.outcome(of: .addItem(product: DomainFixtures.keyboard, quantity: 1, unitPrice: huge, currency: nil))
            == .failure(.invalidAmount(reason: .tooLarge)))
        #expect(placed.outcome(of: .addItem(product: DomainFixtures.mouse, quantity: 2, unitPrice: huge, currency: nil))
            == .failure(.invalidAmount(reason: .tooLarge)))
    }

    @Test("evolve ignores events that make no sense instead of crashing on history")
    func evolveIsTotal() {
        #expect(OrderState.initial.evolve(.orderConfirmed) == .notPlaced)
        let pending = OrderState.replaying(DomainFixtures.history(reaching: .pending))
        #expect(pending.evolve(.orderPlaced(customer: DomainFixtures.customer, currency: .usd)) == pending)
        #expect(pending.evolve(.itemRemoved(product: DomainFixtures.mouse, quantity: 1)) == pending)
    }

    @Test("every rejection has its contract code and a message", arguments: [
        (OrderRejection.orderNotFound, "order_not_found"),
        (.orderAlreadyExists, "order_already_exists"),
        (.invalidTransition(from: .shipped, command: .cancelOrder), "invalid_transition"),
        (.emptyOrder, "empty_order"),
        (.itemNotFound(DomainFixtures.mouse), "item_not_found"),
        (.invalidQuantity(requested: 3, held: 2), "invalid_quantity"),
        (.priceMismatch(DomainFixtures.keyboard, onOrder: DomainFixtures.euros(1), requested: DomainFixtures.euros(2)), "price_mismatch"),
        (.currencyMismatch(order: .eur, requested: .usd), "currency_mismatch"),
        (.invalidAmount(reason: .tooLarge), "invalid_amount"),
    ])
    func rejectionCodes(rejection: OrderRejection, code: String) {
        #expect(rejection.code == code)
        #expect(!rejection.message.isEmpty)
    }

    @Test("invalid_transition names the verb and the status")
    func transitionMessage() {
        #expect(OrderRejection.invalidTransition(from: .pending, command: .shipOrder).message == "cannot ship an order that is pending")
    }
}
