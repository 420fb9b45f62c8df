import Foundation

/// A UUID that knows what it identifies, so an order id can never be passed where a product id belongs.
public struct Identifier<Entity>: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The underlying UUID.
    public let uuid: UUID

    /// Wraps an existing UUID.
    public init(_ uuid: UUID) {
        self.uuid = uuid
    }

    /// Parses the canonical 36-character form (either letter case); nil for anything else.
    public init?(_ text: String) {
        // Foundation accepts only the hyphenated 8-4-4-4-12 form, which is exactly what the contract asks for.
        guard text.utf8.count == 36, let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// The lowercase hyphenated form, as PostgreSQL prints a uuid.
    public var description: String { uuid.uuidString.lowercased() }

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
