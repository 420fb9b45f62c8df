import OrderDomain

/// One notification an event gives, with the facts the store found for it, before it is rendered.
public struct NotificationCandidate: Sendable, Hashable {
    /// The event it answers.
    public let origin: NotificationOrigin
    /// What it says, nil only when it could not be read because the customer was forgotten.
    public let content: NotificationContent?
    /// Its template.
    public let template: NotificationTemplate
    /// Whom it goes to.
    public let recipient: RecipientLookup

    private init(origin: NotificationOrigin, content: NotificationContent?, template: NotificationTemplate, recipient: RecipientLookup) {
        self.origin = origin
        self.content = content
        self.template = template
        self.recipient = recipient
    }

    /// The welcome of a registration: to the address registered, nil when that could not be read (the
    /// customer's key is gone: they were forgotten).
    public static func welcome(_ origin: NotificationOrigin, registered: ContactInfo?) -> NotificationCandidate {
        guard let registered else { return NotificationCandidate(origin: origin, content: nil, template: .welcome, recipient: .forgotten) }
        return NotificationCandidate(origin: origin, content: .welcome(name: registered.name), template: .welcome, recipient: .contact(registered))
    }

    /// The notification an order's event gives, from the order as it stood right after the event and the
    /// customer's contact on file now; nil for events that give none.
    public static func of(
        _ event: OrderEvent, orderID: OrderID, order: Order, origin: NotificationOrigin, recipient: RecipientLookup
    ) -> NotificationCandidate? {
        guard let content = NotificationContent.of(event, orderID: orderID, order: order) else { return nil }
        return NotificationCandidate(origin: origin, content: content, template: content.template, recipient: recipient)
    }
}
