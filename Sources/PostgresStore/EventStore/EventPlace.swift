import FoundationEssentials

/// One event's place: a stream and a version in it.
struct EventPlace: Hashable {
    let streamID: UUID
    let version: Int
}
