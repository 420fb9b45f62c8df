/// What a client asks of one customer. The customer id travels beside the command, as the stream it targets.
public enum CustomerCommand: Hashable, Sendable {
    case registerCustomer(ContactInfo)
    case changeContactInfo(ContactChange)

    /// The command's kind, without its data.
    public var kind: Kind {
        switch self {
        case .registerCustomer: .registerCustomer
        case .changeContactInfo: .changeContactInfo
        }
    }

    /// The kinds of command, named as they will be on the wire.
    public enum Kind: String, CaseIterable, Sendable, Hashable {
        case registerCustomer = "RegisterCustomer"
        case changeContactInfo = "ChangeContactInfo"
    }
}
