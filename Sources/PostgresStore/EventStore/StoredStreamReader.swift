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
        enter(stream)
        return try decoder.decode(encoded)
    }

    /// `event` for a payload still in its stored text, read in place (`StreamEventDecoder.decodeInPlace`);
    /// nil when it is not a current shape in the plain subset, and the caller parses it for `event`.
    mutating func eventInPlace(type: String, schemaVersion: Int, payload: UnsafeBufferPointer<UInt8>, in stream: OrderID) -> OrderEvent? {
        enter(stream)
        return decoder.decodeInPlace(type: type, schemaVersion: schemaVersion, payload: payload)
    }

    /// Starts a fresh decoder when `stream` is not the one being read.
    private mutating func enter(_ stream: OrderID) {
        guard stream != currentStream else { return }
        currentStream = stream
        decoder = StreamEventDecoder()
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
