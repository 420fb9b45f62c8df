import JSONCoding

/// A payload parsed into a `JSONObject`, read for `EventCodec`.
struct ParsedPayloadReader: PayloadReading {
    let encoded: EncodedEvent

    var type: String { encoded.type }
    var schemaVersion: Int { encoded.schemaVersion }

    func withString<Result>(_ field: StaticString, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard case var .string(text)? = encoded.payload[field.description] else { return nil }
        return text.withUTF8(body)
    }

    func integer(_ field: StaticString) -> Int64? {
        encoded.payload[field.description]?.exactInteger
    }

    func contains(_ field: StaticString) -> Bool {
        encoded.payload[field.description] != nil
    }

    func isNull(_ field: StaticString) -> Bool {
        encoded.payload[field.description] == .null
    }
}
