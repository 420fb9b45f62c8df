import PostgresClient
import OrderDomain
import OrderService

/// Decodes stored events arriving stream after stream, each in version order.
///
/// Upcasting is per stream (an old `ItemAdded` takes its currency from its stream's `OrderPlaced`), so
/// the reader starts a fresh decoder whenever an event of another stream arrives.
struct StoredStreamReader {
    private var currentStream: OrderID?
    private var decoder = StreamEventDecoder()

    /// The domain event of the next stored event, which belongs to `stream`.
    mutating func event(_ encoded: EncodedEvent, in stream: OrderID) throws(EventDecodingError) -> OrderEvent {
        if stream != currentStream {
            currentStream = stream
            decoder = StreamEventDecoder()
        }
        return try decoder.decode(encoded)
    }

    /// Continues `stream` past a snapshot of its order (placed in `orderCurrency`): the next event is of
    /// that stream, and the decoder knows what its `OrderPlaced` said.
    mutating func resume(_ stream: OrderID, orderCurrency: Currency?) {
        currentStream = stream
        decoder = StreamEventDecoder(orderCurrency: orderCurrency)
    }

    /// The recorded event of the next row (selected with `StoredEventRow.columns`); an unsealed or
    /// undecodable row is an error.
    mutating func recordedEvent(_ row: some StoredColumns, context: String) throws -> RecordedEvent {
        let line = try StoredEventRow.feedLine(row, context: context)
        let stored = line.event
        return RecordedEvent(
            position: line.position, orderID: stored.orderID, version: stored.version, eventID: stored.eventID,
            event: try event(stored.encoded, in: stored.orderID), occurredAt: stored.occurredAt, metadata: stored.metadata, hash: line.hash
        )
    }
}
