import JSONCoding
import OrderDomain

/// Turns stored shapes of older schema versions into the current one, a version at a time, so the
/// codec and the domain only ever see current shapes. Stored rows are never rewritten: their hash
/// chain covers the shape they were written in.
///
/// Older shapes:
/// - `ItemAdded` v1 (the first release's feeds): `productId`, `quantity`, and `price`, a decimal string,
///   with no currency: an item was always in the order's currency, which its `OrderPlaced` names.
public enum EventUpcasting {
    /// The current shape of `encoded`. `orderCurrency` is the currency of the stream's `OrderPlaced`,
    /// when one came before (a v1 `ItemAdded` needs it).
    public static func upcast(_ encoded: EncodedEvent, orderCurrency: Currency?) throws(EventDecodingError) -> EncodedEvent {
        var current = encoded
        while let kind = OrderEvent.Kind(rawValue: current.type), current.schemaVersion < EventCodec.currentSchemaVersion(of: kind) {
            current = try step(current, orderCurrency: orderCurrency)
        }
        return current
    }

    /// One version up.
    private static func step(_ encoded: EncodedEvent, orderCurrency: Currency?) throws(EventDecodingError) -> EncodedEvent {
        func failure(_ reason: String) -> EventDecodingError {
            EventDecodingError(type: encoded.type, schemaVersion: encoded.schemaVersion, reason: reason)
        }
        switch (encoded.type, encoded.schemaVersion) {
        case (OrderEvent.Kind.itemAdded.rawValue, 1):
            guard let orderCurrency else { throw failure("it names no currency, and no OrderPlaced before it in its stream does") }
            guard let price = encoded.payload["price"]?.stringValue else { throw failure("price is missing or not a string") }
            var payload = JSONObject()
            payload["productId"] = encoded.payload["productId"]
            payload["quantity"] = encoded.payload["quantity"]
            payload["unitPrice"] = .string(price)
            payload["currency"] = .string(orderCurrency.code)
            return EncodedEvent(type: encoded.type, schemaVersion: 2, payload: payload)
        default:
            throw failure("no upcaster from this version; this orderctl reads versions up to the current one only")
        }
    }
}
