/// One parameter of a statement, in the form it travels in.
public enum StatementParameter: Sendable {
    /// The type's text form, as `DatabaseConnection.execute(_:_:)` sends every value; nil is NULL.
    case text(String?)
    /// The type's binary form (for an array, `array_send`'s layout): the server takes the bytes as they
    /// are where the text form costs it a parse of every value.
    case binary([UInt8])
}
