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
        let event = try EventCodec.decode(try EventUpcasting.upcast(encoded, orderCurrency: orderCurrency))
        if case let .orderPlaced(_, currency) = event { orderCurrency = currency }
        return event
    }
}
