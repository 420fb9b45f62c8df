import OrderDomain

/// Whom a notification can go to, as the store found the customer while preparing it.
public enum RecipientLookup: Sendable, Hashable {
    /// The contact on file (for a welcome: the one registered).
    case contact(ContactInfo)
    /// No customer is registered under the id: a guest's order.
    case noContact
    /// The customer was forgotten: no contact, and nothing may be written about them.
    case forgotten
}
