/// A fact about one customer. Each accepted command produces exactly one.
public enum CustomerEvent: Hashable, Sendable {
    case customerRegistered(ContactInfo)
    /// Holds only what changed relative to the details before it, so the event says what happened
    /// rather than what was asked; a request that changed nothing is recorded with an empty change.
    case contactInfoChanged(ContactChange)

    /// The event's kind, without its data.
    public var kind: Kind {
        switch self {
        case .customerRegistered: .customerRegistered
        case .contactInfoChanged: .contactInfoChanged
        }
    }

    /// The kinds of event, named as the `events.event_type` column will store them.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case customerRegistered = "CustomerRegistered"
        case contactInfoChanged = "ContactInfoChanged"
    }
}
