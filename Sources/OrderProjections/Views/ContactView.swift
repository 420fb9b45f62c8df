import OrderDomain

/// The contacts read model: a registered customer's details as of their latest event, what `query
/// customer` shows as `contact`, or nothing personal once the customer was forgotten.
public struct ContactView: Hashable, Sendable {
    /// The customer (and stream) id.
    public let customerID: CustomerID
    /// The details; nil once the customer was forgotten.
    public var contact: ContactInfo?
    /// The stream version of the last folded event.
    public var version: Int
    /// When the customer was registered.
    public let registeredAt: Timestamp
    /// When the last folded event happened.
    public var updatedAt: Timestamp

    /// Creates a view from its parts (used when loading a stored row).
    public init(customerID: CustomerID, contact: ContactInfo?, version: Int, registeredAt: Timestamp, updatedAt: Timestamp) {
        self.customerID = customerID
        self.contact = contact
        self.version = version
        self.registeredAt = registeredAt
        self.updatedAt = updatedAt
    }

    /// Whether the customer's personal data was forgotten.
    public var isForgotten: Bool { contact == nil }

    /// The view after one more event of the customer's stream, given as the state it leaves the customer
    /// in; nil while the customer is not registered.
    ///
    /// Takes the state rather than the event because a forgotten customer's events can no longer be
    /// read: their fold is `.forgotten`, and the view holds nothing personal from then on.
    public static func evolve(
        _ view: ContactView?, customerID: CustomerID, to state: CustomerState, version: Int, occurredAt: Timestamp
    ) -> ContactView? {
        let contact: ContactInfo?
        switch state {
        case .notRegistered: return nil
        case let .registered(details): contact = details
        case .forgotten: contact = nil
        }
        return ContactView(
            customerID: customerID, contact: contact, version: version, registeredAt: view?.registeredAt ?? occurredAt, updatedAt: occurredAt
        )
    }
}
