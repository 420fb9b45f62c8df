import JSONCoding
import OrderDomain

/// Decodes one stream's stored events in version order, upcasting older shapes with what the stream
/// said before (the order's currency).
public struct StreamEventDecoder {
    private var orderCurrency: Currency?

    /// A decoder at the start of a stream, or past its `OrderPlaced` in `orderCurrency` (resuming from a snapshot).
    public init(orderCurrency: Currency? = nil) {
        self.orderCurrency = orderCurrency
    }

    /// The domain event of the stream's next stored event.
    public mutating func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> OrderEvent {
        remember(try EventCodec.decode(try EventUpcasting.upcast(encoded, orderCurrency: orderCurrency)))
    }

    /// `decode` for an event whose payload is still its stored JSON text: a current shape in the plain
    /// subset is read in place (`EventCodec.decode(type:schemaVersion:payload:)`); anything else, older
    /// shapes included, is parsed and takes `decode(_:)`.
    public mutating func decode(type: String, schemaVersion: Int, payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> OrderEvent {
        if let event = decodeInPlace(type: type, schemaVersion: schemaVersion, payload: payload) { return event }
        guard case let .object(parsed)? = try? JSONParser.parse(payload) else {
            throw EventDecodingError(type: type, schemaVersion: schemaVersion, reason: "the payload is not a JSON object")
        }
        return try decode(EncodedEvent(type: type, schemaVersion: schemaVersion, payload: parsed))
    }

    /// The domain event of a current shape whose stored text is in the plain subset, read in place; nil for
    /// anything else, which the caller parses and decodes (`decode(_:)`), the one place that says what is
    /// wrong with it.
    public mutating func decodeInPlace(type: String, schemaVersion: Int, payload: UnsafeBufferPointer<UInt8>) -> OrderEvent? {
        EventCodec.decode(type: type, schemaVersion: schemaVersion, payload: payload).map { remember($0) }
    }

    /// Keeps what later events of the stream are read with.
    private mutating func remember(_ event: OrderEvent) -> OrderEvent {
        if case let .orderPlaced(_, currency) = event { orderCurrency = currency }
        return event
    }
}
