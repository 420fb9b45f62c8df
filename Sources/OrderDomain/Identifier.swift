import FoundationEssentials

/// A UUID that knows what it identifies, so an order id can never be passed where a product id belongs.
public struct Identifier<Entity>: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// Parses the canonical 36-character form, 8-4-4-4-12 hexadecimal digits in either letter case;
    /// nil for anything else.
    ///
    /// Read byte by byte rather than with `UUID(uuidString:)`, which goes through `sscanf`: ids are
    /// parsed for every command line and every stored event, and that call was 8% of an import's time.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8(Self.parse) else { return nil }
        uuid = UUID(uuid: parsed)
    }

    /// `init(_:)` for text lent as UTF-8 bytes (read in place from a stored payload).
    public init?(utf8 text: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Self.parse(text) else { return nil }
        uuid = UUID(uuid: parsed)
    }

    /// The 16 bytes of the canonical form, checked at fixed offsets; nil for anything else.
    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard text.count == 36, text[8] == UInt8(ascii: "-"), text[13] == UInt8(ascii: "-"), text[18] == UInt8(ascii: "-"),
              text[23] == UInt8(ascii: "-")
        else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var invalid: UInt8 = 0
        withUnsafeMutableBytes(of: &bytes) { output in
            for index in 0..<16 {
                // Two digits a byte, plus one for each hyphen before it (after bytes 4, 6, 8 and 10).
                let offset = 2 &* index &+ (index >= 4 ? 1 : 0) &+ (index >= 6 ? 1 : 0) &+ (index >= 8 ? 1 : 0) &+ (index >= 10 ? 1 : 0)
                let high = nibble(text[offset])
                let low = nibble(text[offset + 1])
                invalid |= (high | low) & 0xF0
                output[index] = high << 4 | low
            }
        }
        return invalid == 0 ? bytes : nil
    }

    /// The lowercase hyphenated form, as PostgreSQL prints a uuid.
    public var description: String {
        withText { String(decoding: $0, as: UTF8.self) }
    }

    /// Lends `description`'s UTF-8 bytes to `body` from a buffer on the stack: exports and audits write
    /// two ids per event, and building a String for each was a twentieth of their time. Inlinable, so
    /// callers in other modules get it specialized rather than through generic metadata at run time.
    @inlinable
    public func withText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.textLength) { output in
            writeText(into: output)
            return try body(UnsafeBufferPointer(output))
        }
    }

    /// The length of `description`.
    public static var textLength: Int { 36 }

    /// Writes `description`'s UTF-8 bytes into the first `textLength` bytes of `output`.
    public func writeText(into output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(output.count >= Self.textLength)
        let digits: StaticString = "0123456789abcdef"
        withUnsafeBytes(of: uuid.uuid) { raw in
            var written = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    output[written] = UInt8(ascii: "-")
                    written &+= 1
                }
                output[written] = digits.utf8Start[Int(raw[index] >> 4)]
                output[written &+ 1] = digits.utf8Start[Int(raw[index] & 0x0F)]
                written &+= 2
            }
        }
    }

    /// The value of one hexadecimal digit, or 0xFF for any other byte.
    @inline(__always)
    private static func nibble(_ character: UInt8) -> UInt8 {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- UInt8(ascii: "A") &+ 10
        default: 0xFF
        }
    }

    /// The order of the lowercase text, which is the order of the bytes: compared without printing
    /// either, since batches sort their streams this way.
    public static func < (left: Identifier, right: Identifier) -> Bool {
        withUnsafeBytes(of: left.uuid.uuid) { leftBytes in
            withUnsafeBytes(of: right.uuid.uuid) { rightBytes in leftBytes.lexicographicallyPrecedes(rightBytes) }
        }
    }
}

/// Marks identifiers of customers, which are also the ids of their event streams (see ``CustomerState``).
public enum Customer {}

/// Marks identifiers of products; the domain keeps no product entity of its own.
public enum Product {}

/// Identifies an order, which is also the id of its event stream.
public typealias OrderID = Identifier<Order>
/// Identifies a customer.
public typealias CustomerID = Identifier<Customer>
/// Identifies a product.
public typealias ProductID = Identifier<Product>
