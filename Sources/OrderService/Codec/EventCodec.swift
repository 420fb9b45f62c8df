import JSONCoding
import OrderDomain

/// Turns domain events into their stored shape and back. The one place that knows payload shapes.
///
/// Current shapes (what `encode` writes):
/// - `OrderPlaced` v1: `customerId`, `currency`
/// - `ItemAdded` v2: `productId`, `quantity`, `unitPrice` (decimal string in the currency's minor unit), `currency`
///   (version 1 is reserved for the legacy shape without a currency, which an upcaster will read)
/// - `ItemRemoved` v1: `productId`, `quantity` (what was actually removed)
/// - `OrderConfirmed`, `OrderDelivered` v1: empty
/// - `OrderShipped` v1: `trackingNumber` when given; `OrderCancelled` v1: `reason` when given
public enum EventCodec {
    /// The schema version `encode` writes for each event type.
    public static func currentSchemaVersion(of kind: OrderEvent.Kind) -> Int {
        switch kind {
        case .itemAdded: 2
        case .orderPlaced, .itemRemoved, .orderConfirmed, .orderShipped, .orderDelivered, .orderCancelled: 1
        }
    }

    /// The stored shape of an event.
    public static func encode(_ event: OrderEvent) -> EncodedEvent {
        var payload = JSONObject()
        switch event {
        case let .orderPlaced(customer, currency):
            payload["customerId"] = .string(customer.description)
            payload["currency"] = .string(currency.code)
        case let .itemAdded(product, quantity, unitPrice):
            payload["productId"] = .string(product.description)
            payload["quantity"] = .integer(quantity)
            payload["unitPrice"] = .string(unitPrice.decimalString)
            payload["currency"] = .string(unitPrice.currency.code)
        case let .itemRemoved(product, quantity):
            payload["productId"] = .string(product.description)
            payload["quantity"] = .integer(quantity)
        case .orderConfirmed, .orderDelivered:
            break
        case let .orderShipped(trackingNumber):
            if let trackingNumber { payload["trackingNumber"] = .string(trackingNumber) }
        case let .orderCancelled(reason):
            if let reason { payload["reason"] = .string(reason) }
        }
        return EncodedEvent(type: event.kind.rawValue, schemaVersion: currentSchemaVersion(of: event.kind), payload: payload)
    }

    /// The domain event a stored shape holds; only current shapes until upcasters exist.
    public static func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> OrderEvent {
        let reader = PayloadReader(encoded: encoded)
        guard let kind = OrderEvent.Kind(rawValue: encoded.type) else { throw reader.failure("unknown event type") }
        guard encoded.schemaVersion == currentSchemaVersion(of: kind) else {
            throw reader.failure("unsupported schema version; this orderctl reads version \(currentSchemaVersion(of: kind))")
        }
        switch kind {
        case .orderPlaced:
            return .orderPlaced(customer: try reader.identifier("customerId"), currency: try reader.currency("currency"))
        case .itemAdded:
            let currency = try reader.currency("currency")
            guard case let .success(amount) = DecimalAmount.parse(try reader.string("unitPrice")),
                  case let .success(unitPrice) = Money.exactly(amount, in: currency)
            else { throw reader.failure("unitPrice is not an exact \(currency.code) amount") }
            return .itemAdded(product: try reader.identifier("productId"), quantity: try reader.positiveInteger("quantity"), unitPrice: unitPrice)
        case .itemRemoved:
            return .itemRemoved(product: try reader.identifier("productId"), quantity: try reader.positiveInteger("quantity"))
        case .orderConfirmed:
            return .orderConfirmed
        case .orderShipped:
            return .orderShipped(trackingNumber: try reader.optionalString("trackingNumber"))
        case .orderDelivered:
            return .orderDelivered
        case .orderCancelled:
            return .orderCancelled(reason: try reader.optionalString("reason"))
        }
    }
}

/// Typed access to a payload's fields, failing with the field's name.
private struct PayloadReader {
    let encoded: EncodedEvent

    func failure(_ reason: String) -> EventDecodingError {
        EventDecodingError(type: encoded.type, schemaVersion: encoded.schemaVersion, reason: reason)
    }

    func string(_ field: String) throws(EventDecodingError) -> String {
        guard let value = encoded.payload[field]?.stringValue else { throw failure("\(field) is missing or not a string") }
        return value
    }

    func optionalString(_ field: String) throws(EventDecodingError) -> String? {
        guard let value = encoded.payload[field], value != .null else { return nil }
        guard let text = value.stringValue else { throw failure("\(field) is not a string") }
        return text
    }

    func identifier<Entity>(_ field: String) throws(EventDecodingError) -> Identifier<Entity> {
        guard let identifier = Identifier<Entity>(try string(field)) else { throw failure("\(field) is not a UUID") }
        return identifier
    }

    func currency(_ field: String) throws(EventDecodingError) -> Currency {
        guard let currency = Currency(code: try string(field)) else { throw failure("\(field) is not a supported currency") }
        return currency
    }

    func positiveInteger(_ field: String) throws(EventDecodingError) -> Int {
        guard let value = encoded.payload[field]?.exactInteger, value >= 1, value <= Int64(Int32.max) else {
            throw failure("\(field) is missing or not a positive integer")
        }
        return Int(value)
    }
}
