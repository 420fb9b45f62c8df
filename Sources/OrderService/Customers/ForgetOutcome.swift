/// What `customer forget` did.
public enum ForgetOutcome: String, Sendable, Equatable {
    /// The key is destroyed and the read model and command records hold nothing personal.
    case forgotten
    /// It had been forgotten before; nothing changed.
    case alreadyForgotten
    /// No stream has this id.
    case notFound
    /// The id is an order's stream.
    case wrongStreamKind
}
