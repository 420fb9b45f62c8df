import JSONCoding

/// A payload still in its stored JSON text, its members found in place (`JSONScalarMembers`), read for
/// `EventCodec` without building a value.
struct StoredTextPayloadReader: PayloadReading {
    let type: String
    let schemaVersion: Int
    let members: JSONScalarMembers

    func withString<Result>(_ field: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard case let .string(text)? = members[field] else { return nil }
        return body(text)
    }

    func integer(_ field: StaticString) -> Int64? {
        guard case let .integer(value)? = members[field] else { return nil }
        return value
    }

    func contains(_ field: StaticString) -> Bool {
        members[field] != nil
    }

    func isNull(_ field: StaticString) -> Bool {
        if case .null? = members[field] { return true }
        return false
    }
}
