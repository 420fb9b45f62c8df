/// Strict RFC 8259 parsing of one JSON text, made for untrusted input.
public struct JSONParser {
    // Parsing never recurses, but destroying, comparing and writing a value recurse once per level,
    // so callers raising the limit should stay in the hundreds rather than the hundreds of thousands.
    /// The nesting limit used when a caller does not give one; a top-level object or array is depth 1.
    public static let defaultMaximumDepth = 64

    /// Parses bytes that must hold exactly one JSON value, optionally surrounded by whitespace.
    public static func parse(
        _ bytes: some Collection<UInt8>,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        // The standard library's closures rethrow untyped errors, so the outcome travels out as a Result.
        if let outcome = bytes.withContiguousStorageIfAvailable({ buffer in
            parseOutcome(of: buffer, maximumDepth: maximumDepth)
        }) {
            return try outcome.get()
        }
        // Non-contiguous collections are copied once so the scanner can use plain index arithmetic.
        let contiguousCopy = Array(bytes)
        return try contiguousCopy.withUnsafeBufferPointer { buffer in
            parseOutcome(of: buffer, maximumDepth: maximumDepth)
        }.get()
    }

    /// Parses text that must hold exactly one JSON value, optionally surrounded by whitespace.
    public static func parse(
        _ text: String,
        maximumDepth: Int = defaultMaximumDepth
    ) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            parseOutcome(of: buffer, maximumDepth: maximumDepth)
        }.get()
    }

    /// Runs one parse over a contiguous buffer.
    private static func parseOutcome(
        of buffer: UnsafeBufferPointer<UInt8>,
        maximumDepth: Int
    ) -> Result<JSONValue, JSONParseError> {
        var session = JSONParseSession(input: buffer, maximumDepth: maximumDepth)
        return Result { () throws(JSONParseError) -> JSONValue in
            try session.parseDocument()
        }
    }
}
