/// Why the customer's business rules refused a command. Closed: every case has a documented code.
public enum CustomerRejection: Error, Hashable, Sendable {
    /// ChangeContactInfo for a customer that was never registered.
    case customerNotFound
    /// RegisterCustomer for a customer that is already registered.
    case customerAlreadyExists
    /// ChangeContactInfo for a customer whose personal data was forgotten: there is nothing left to
    /// change, and new details could not be sealed under the destroyed key. Answered with the code of
    /// an unknown customer, since to the business this customer is gone.
    case customerForgotten
    /// The id is already the stream of an order, so it cannot also be a customer's.
    case wrongStreamKind

    /// The documented code for the rejection.
    public var code: String {
        switch self {
        case .customerNotFound: "customer_not_found"
        case .customerAlreadyExists: "customer_already_exists"
        case .customerForgotten: "customer_not_found"
        case .wrongStreamKind: "wrong_stream_kind"
        }
    }

    /// A sentence a user can act on.
    public var message: String {
        switch self {
        case .customerNotFound:
            "the customer does not exist; register it first"
        case .customerAlreadyExists:
            "a customer with this id already exists; change its contact info instead"
        case .customerForgotten:
            "the customer's personal data was forgotten; a forgotten customer cannot be changed"
        case .wrongStreamKind:
            "this id is an order's stream, not a customer's; give the customer an id of its own"
        }
    }
}
