import OrderDomain

/// One event's place: a stream and a version in it.
struct EventPlace: Hashable {
    let streamID: StreamID
    let version: Int
}
