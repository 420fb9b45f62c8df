/// A scalar member's value as `JSONScalarMembers` finds it in its object's text.
public enum JSONScalar {
    /// A string's UTF-8 bytes between its quotes (printable ASCII, no escapes: they are the string itself).
    case string(UnsafeBufferPointer<UInt8>)
    /// A whole number: its value, nil when it does not fit in Int64.
    case integer(Int64?)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}
