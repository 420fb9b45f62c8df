/// Why the customer's business rules refused a command. Closed: every case has a documented code.
public enum CustomerRejection: Error, Hashable, Sendable {
    /// ChangeContactInfo for a customer that was never registered.
    case customerNotFound
    /// RegisterCustomer for a customer that is already registered.
    case customerAlreadyExists

    /// The documented code for the rejection.
    public var code: String {
        switch self {
        case .customerNotFound: "customer_not_found"
        case .customerAlreadyExists: "customer_already_exists"
        }
    }

    /// A sentence a user can act on.
    public var message: String {
        switch self {
        case .customerNotFound:
            "the customer does not exist; register it first"
        case .customerAlreadyExists:
            "a customer with this id already exists; change its contact info instead"
        }
    }
}
