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
        try decode(ParsedPayloadReader(encoded: encoded))
    }

    /// The domain event of a current shape whose payload is still the stored JSON text `payload`, read in
    /// place without parsing it into values (`JSONScalarMembers`); nil for text outside that subset and
    /// for a payload that does not decode. The caller then parses it and decodes that (`decode(_:)`),
    /// which stays the one definition of the event and of what is wrong with it.
    public static func decode(type: String, schemaVersion: Int, payload: UnsafeBufferPointer<UInt8>) -> OrderEvent? {
        JSONScalarMembers.withMembers(of: payload) { members in
            try? decode(StoredTextPayloadReader(type: type, schemaVersion: schemaVersion, members: members))
        } ?? nil
    }

    /// The one reading of each shape, from either form of payload.
    private static func decode(_ reader: some PayloadReading) throws(EventDecodingError) -> OrderEvent {
        guard let kind = OrderEvent.Kind(rawValue: reader.type) else { throw reader.failure("unknown event type") }
        guard reader.schemaVersion == currentSchemaVersion(of: kind) else {
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
