extension JSONValue {
    /// The same value in canonical form, for hashing: at every depth, object members sorted by the
    /// UTF-8 bytes of their keys and numbers rewritten as plain decimals (`CanonicalNumber`).
    ///
    /// Two texts that parse to equal data (keys in another order, `1.50` or `15e-1`, whitespace) have
    /// one canonical form, so a digest of it survives a trip through PostgreSQL's `jsonb`, which keeps
    /// neither key order nor the way a number was written.
    public func canonicalized() -> JSONValue {
        switch self {
        case .null, .bool, .string: self
        case let .number(literal): .number(CanonicalNumber.plainDecimal(literal))
        case let .array(elements): .array(elements.map { $0.canonicalized() })
        case let .object(object):
            .object(JSONObject(
                object.members
                    .map { JSONMember(key: $0.key, value: $0.value.canonicalized()) }
                    .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            ))
        }
    }
}
