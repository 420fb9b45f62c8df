/// Marks identifiers of event streams of either kind: where an order's id and a customer's id meet, as
/// in the `streams` table and the command records, which do not care which kind a stream is.
public enum EventStream {}

/// The id of a stream of either kind (see ``StreamKind``).
public typealias StreamID = Identifier<EventStream>
