/// What a stream holds: an order's events or a customer's. An id names one stream of one kind, for
/// good: an order command on a customer's stream, or the reverse, is refused (`wrong_stream_kind`).
public enum StreamKind: String, Sendable, Hashable, CaseIterable {
    case order
    case customer
}
