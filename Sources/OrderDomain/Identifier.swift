import Foundation

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
        var bytes = [UInt8](repeating: 0, count: 16)
        var index = 0
        var high: UInt8?
        var position = 0
        for character in text.utf8 {
            defer { position += 1 }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard character == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard position < 36, let nibble = Self.nibble(character) else { return nil }
            if let first = high {
                bytes[index] = first << 4 | nibble
                index += 1
                high = nil
            } else {
                high = nibble
            }
        }
        guard position == 36 else { return nil }
        uuid = UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        ))
    }

    /// The lowercase hyphenated form, as PostgreSQL prints a uuid.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        return withUnsafeBytes(of: uuid.uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { output in
                var written = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[written] = UInt8(ascii: "-")
                        written += 1
                    }
                    output[written] = digits[Int(byte >> 4)]
                    output[written + 1] = digits[Int(byte & 0x0F)]
                    written += 2
                }
                return written
            }
        }
    }

    /// The value of one hexadecimal digit.
    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    public static func < (left: Identifier, right: Identifier) -> Bool {
        left.description < right.description
    }
}

/// Marks identifiers of customers; the domain keeps no customer entity of its own.
public enum Customer {}

/// Marks identifiers of products; the domain keeps no product entity of its own.
public enum Product {}

/// Identifies an order, which is also the id of its event stream.
public typealias OrderID = Identifier<Order>
/// Identifies a customer.
public typealias CustomerID = Identifier<Customer>
/// Identifies a product.
public typealias ProductID = Identifier<Product>
