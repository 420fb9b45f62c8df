import OrderDomain

/// Typed access to a payload's fields, failing with the field's name: what `EventCodec` reads, from a
/// parsed payload or from its stored text alike. A reader supplies the field's raw forms; the typed
/// readings and their messages are defined here once.
protocol PayloadReading {
    /// The stored type.
    var type: String { get }
    /// The stored schema version.
    var schemaVersion: Int { get }
    /// Lends the UTF-8 bytes of the string `field` holds to `body`; nil when the field is missing or not a string.
    // Field names are StaticStrings: they are the codec's own literals, and a stored payload's keys are
    // compared with their bytes directly (comparing with a String's UTF-8 view was a twentieth of a replay).
    func withString<Result>(_ field: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result?
    /// The whole number `field` holds; nil when it is missing, not a whole number or out of Int64's range.
    func integer(_ field: StaticString) -> Int64?
    /// Whether the payload has `field`, with `null` or anything else.
    func contains(_ field: StaticString) -> Bool
    /// Whether `field` holds `null`.
    func isNull(_ field: StaticString) -> Bool
}

extension PayloadReading {
    func failure(_ reason: String) -> EventDecodingError {
        EventDecodingError(type: type, schemaVersion: schemaVersion, reason: reason)
    }

    func string(_ field: StaticString) throws(EventDecodingError) -> String {
        guard let value = withString(field, { String(decoding: $0, as: UTF8.self) }) else { throw failure("\(field) is missing or not a string") }
        return value
    }

    func optionalString(_ field: StaticString) throws(EventDecodingError) -> String? {
        guard contains(field), !isNull(field) else { return nil }
        guard let text = withString(field, { String(decoding: $0, as: UTF8.self) }) else { throw failure("\(field) is not a string") }
        return text
    }

    func identifier<Entity>(_ field: StaticString) throws(EventDecodingError) -> Identifier<Entity> {
        guard let parsed = withString(field, { Identifier<Entity>(utf8: $0) }) else { throw failure("\(field) is missing or not a string") }
        guard let identifier = parsed else { throw failure("\(field) is not a UUID") }
        return identifier
    }

    func currency(_ field: StaticString) throws(EventDecodingError) -> Currency {
        guard let currency = Currency(code: try string(field)) else { throw failure("\(field) is not a supported currency") }
        return currency
    }

    func positiveInteger(_ field: StaticString) throws(EventDecodingError) -> Int {
        guard let value = integer(field), value >= 1, value <= Int64(Int32.max) else {
            throw failure("\(field) is missing or not a positive integer")
        }
        return Int(value)
    }
}
