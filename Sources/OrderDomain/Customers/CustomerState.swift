/// A customer's stream folded so far: nothing yet, a registered customer's contact details, or a
/// customer whose personal data was forgotten (the key that sealed it is destroyed, so the details can
/// no longer be read; the stream itself stays, immutable).
///
/// `decide` and `evolve` are the whole business: pure, total, and free of I/O.
public enum CustomerState: Hashable, Sendable {
    case notRegistered
    case registered(ContactInfo)
    case forgotten

    /// The state of an empty stream.
    public static let initial = CustomerState.notRegistered

    /// Rebuilds the state from a stream's events.
    public static func replaying(_ events: some Sequence<CustomerEvent>) -> CustomerState {
        events.reduce(.initial) { $0.evolve($1) }
    }

    /// The event a command produces in this state, or the business rule it breaks.
    ///
    /// A change is recorded as only what it alters; one that alters nothing is still accepted, and
    /// recorded with an empty change, so a client's retry or a no-op edit never fails.
    public func decide(_ command: CustomerCommand) throws(CustomerRejection) -> CustomerEvent {
        switch (self, command) {
        case let (.notRegistered, .registerCustomer(contact)):
            return .customerRegistered(contact)
        case (.notRegistered, .changeContactInfo):
            throw .customerNotFound
        case (.registered, .registerCustomer):
            throw .customerAlreadyExists
        case let (.registered(contact), .changeContactInfo(change)):
            return .contactInfoChanged(change.relative(to: contact))
        case (.forgotten, .registerCustomer):
            // The id stays taken: registering it again would attach new details to an erased history.
            throw .customerAlreadyExists
        case (.forgotten, .changeContactInfo):
            throw .customerForgotten
        }
    }

    /// The state after one more event. Total: an event that makes no sense here leaves the state as it
    /// was, because stored events are facts and a reader must never crash on history.
    public func evolve(_ event: CustomerEvent) -> CustomerState {
        switch (self, event) {
        case let (.notRegistered, .customerRegistered(contact)):
            .registered(contact)
        case (.notRegistered, .contactInfoChanged), (.registered, .customerRegistered):
            self
        case let (.registered(contact), .contactInfoChanged(change)):
            .registered(contact.applying(change))
        case (.forgotten, _):
            self
        }
    }

    /// The registered customer's contact details, if any.
    public var contact: ContactInfo? {
        if case let .registered(contact) = self { contact } else { nil }
    }
}
