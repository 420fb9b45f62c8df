import OrderDomain
import OrderProjections

/// Time travel over one stream: its events in version order, each with the state after it, stopping
/// at a version or a moment. Pure: the store supplies the stored lines, all at once or one at a time.
public struct OrderReplay {
    private let toVersion: Int?
    private let asOf: Timestamp?
    private var decoder = StreamEventDecoder()
    private var view: OrderView?
    private var ended = false

    /// A replay that stops after `toVersion` and after the last event at or before `asOf`.
    public init(toVersion: Int? = nil, asOf: Timestamp? = nil) {
        self.toVersion = toVersion
        self.asOf = asOf
    }

    /// The step of the stream's next line, or nil once the replay is past its end (and for every later line).
    ///
    /// A stream's times never run backwards (the handler keeps them monotonic), so the first event past
    /// `asOf` ends the replay.
    public mutating func step(_ line: FeedLine) throws(EventDecodingError) -> ReplayStep? {
        let event = line.event
        guard let (decoded, view) = try advance(orderID: event.orderID, version: event.version, occurredAt: event.occurredAt, encoded: event.encoded)
        else { return nil }
        return ReplayStep(line: line, event: decoded, view: view)
    }

    /// `step` for a line the store wrote as text: the event and the order after it, or nil once the
    /// replay is past its end.
    public mutating func step(_ line: WrittenFeedLine) throws(EventDecodingError) -> (event: OrderEvent, view: OrderView?)? {
        try advance(orderID: line.orderID, version: line.version, occurredAt: line.occurredAt, encoded: line.encoded)
    }

    /// Folds the stream's next event, unless the replay is past its end.
    private mutating func advance(
        orderID: OrderID, version: Int, occurredAt: Timestamp, encoded: EncodedEvent
    ) throws(EventDecodingError) -> (event: OrderEvent, view: OrderView?)? {
        if let toVersion, version > toVersion { ended = true }
        if let asOf, occurredAt > asOf { ended = true }
        guard !ended else { return nil }
        let event = try decoder.decode(encoded)
        view = OrderView.evolve(view, orderID: orderID, with: event, version: version, occurredAt: occurredAt)
        return (event, view)
    }

    /// The steps up to and including `toVersion` and up to and including events at `asOf`.
    public static func steps(of lines: [FeedLine], toVersion: Int? = nil, asOf: Timestamp? = nil) throws(EventDecodingError) -> [ReplayStep] {
        var replay = OrderReplay(toVersion: toVersion, asOf: asOf)
        var steps: [ReplayStep] = []
        for line in lines {
            guard let step = try replay.step(line) else { break }
            steps.append(step)
        }
        return steps
    }

    /// The order as it stood at `asOf` (nil when it had not been placed yet).
    public static func view(of lines: [FeedLine], asOf: Timestamp) throws(EventDecodingError) -> OrderView? {
        try steps(of: lines, asOf: asOf).last?.view
    }
}
