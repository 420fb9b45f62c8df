/// What a change does to a field that may be absent, such as a customer's phone number.
///
/// Three cases rather than an `Optional`, because "clear it" and "leave it as it is" are both
/// things a client may mean, and `nil` could only say one of them.
public enum OptionalFieldChange<Value: Hashable & Sendable>: Hashable, Sendable {
    /// Leave the field as it is.
    case keep
    /// Replace the field, present or absent, with this value.
    case set(Value)
    /// Remove the field.
    case clear

    /// The field's value after the change.
    public func applied(to current: Value?) -> Value? {
        switch self {
        case .keep: current
        case let .set(value): value
        case .clear: nil
        }
    }

    /// This change, or `keep` when it would leave `current` as it is: setting the value the field
    /// already holds, or clearing a field that is already absent.
    public func relative(to current: Value?) -> OptionalFieldChange {
        applied(to: current) == current ? .keep : self
    }
}
