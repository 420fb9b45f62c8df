/// A JSON value as read from or written to text, keeping numbers as their exact literal text.
public enum JSONValue: Equatable, Sendable {
    /// The literal `null`.
    case null
    /// The literals `true` and `false`.
    case bool(Bool)
    // The writer copies this text verbatim, so code building the case by hand must keep to the RFC 8259 grammar;
    // the parser, the integer literal and `integer(_:)` only ever produce valid literals.
    /// A number kept as its literal text, so no precision is lost on the way through.
    case number(String)
    /// A string, with escapes already decoded.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, with members in input or insertion order.
    case object(JSONObject)
}
