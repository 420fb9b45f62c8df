import OrderDomain

/// Decodes one stream's stored events in version order, upcasting older shapes with what the stream
/// said before (the order's currency).
public struct StreamEventDecoder {
    private var orderCurrency: Currency?

    /// A decoder at the start of a stream.
    public init() {}

    /// The domain event of the stream's next stored event.
    public mutating func decode(_ encoded: EncodedEvent) throws(EventDecodingError) -> OrderEvent {
        let event = try EventCodec.decode(try EventUpcasting.upcast(encoded, orderCurrency: orderCurrency))
        if case let .orderPlaced(_, currency) = event { orderCurrency = currency }
        return event
    }
}
