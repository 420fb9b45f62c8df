import Hashing
import OrderDomain

/// Checks a feed line by line as it streams in: every stream's versions contiguous from 1, every
/// link recomputed, every event readable (through the upcasters) by this orderctl. Holds a little
/// state per stream, never the events.
public struct FeedChainCheck {
    private struct StreamState {
        var version: Int
        var hash: SHA256Digest
        var decoder: StreamEventDecoder
        /// What the stream's first event made it: an order's or a customer's, never both.
        var kind: StreamKind?
    }

    private var streams: [OrderID: StreamState] = [:]

    /// A check that has seen nothing.
    public init() {}

    /// Streams seen so far.
    public var streamCount: Int { streams.count }

    /// Accepts the next line or says why it breaks the feed.
    public mutating func accept(_ line: FeedLine) throws(FeedRefusal) {
        let event = line.event
        var state = streams[event.orderID] ?? StreamState(version: 0, hash: EventChain.genesis, decoder: StreamEventDecoder(), kind: nil)
        guard event.version == state.version + 1 else {
            throw FeedRefusal(
                state.version == 0
                    ? "stream \(event.orderID) starts at version \(event.version), not 1"
                    : "stream \(event.orderID) goes from version \(state.version) to \(event.version)"
            )
        }
        guard EventChain.link(of: event, after: state.hash) == line.hash else {
            throw FeedRefusal("stream \(event.orderID) version \(event.version): the hash does not match the event and the link before it")
        }
        let kind: StreamKind = CustomerEventCodec.isCustomerEventType(event.type) ? .customer : .order
        if let established = state.kind, established != kind {
            throw FeedRefusal("stream \(event.orderID) version \(event.version): its \(kind.rawValue) event follows \(established.rawValue) events, and one stream holds one kind")
        }
        state.kind = kind
        do throws(EventDecodingError) {
            // A customer's details are sealed: without its key, only their shape can be checked.
            switch kind {
            case .order: _ = try state.decoder.decode(event.encoded)
            case .customer: try CustomerEventCodec.checkShape(event.encoded)
            }
        } catch {
            throw FeedRefusal("stream \(event.orderID) version \(event.version): \(error)")
        }
        state.version = event.version
        state.hash = line.hash
        streams[event.orderID] = state
    }
}
