import PostgresClient

/// A one-dimensional array in PostgreSQL's binary form (`array_send`'s layout), sent as one parameter.
///
/// A batch's rows travel as arrays (`unnest($1::uuid[], ...)`). In text form the server parsed the whole
/// literal and then every element (`array_in`, `uuid_in`, `timestamptz_in`, ...): a sixth of the batch
/// writer's server time in a profile of `submit`. In binary form it copies fixed-size elements and takes
/// text by its length. Each element is laid out as a field of binary COPY, so `BinaryCopyField` builds them.
enum BinaryArrayParameter {
    /// The element types batches send, by their type oid (fixed in PostgreSQL's catalogue).
    enum ElementType: UInt32 {
        case bytea = 17
        case bigint = 20
        case integer = 23
        case text = 25
        case timestamptz = 1184
        case uuid = 2950
        case jsonb = 3802
    }

    /// The array of `elements`, each appended by `appendElement` as a binary COPY field (a length, then
    /// the bytes; `BinaryCopyField.appendNull` for NULL). The statement's cast must name the same type:
    /// the server refuses an array whose element type is not the one it expects.
    static func array<Element>(
        _ elements: [Element], of type: ElementType, appendingEach appendElement: (Element, inout [UInt8]) -> Void
    ) -> StatementParameter {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20 + elements.count * 24)
        appendInteger(1, to: &bytes)  // dimensions
        // The has-NULL flag: the server finds NULL elements by their length (-1) whatever it says.
        appendInteger(0, to: &bytes)
        appendInteger(type.rawValue, to: &bytes)
        appendInteger(UInt32(elements.count), to: &bytes)
        appendInteger(1, to: &bytes)  // the lower bound, PostgreSQL's usual 1
        for element in elements { appendElement(element, &bytes) }
        return .binary(bytes)
    }

    private static func appendInteger(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
