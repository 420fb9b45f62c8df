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
        guard isShown(version: event.version, occurredAt: event.occurredAt) else { return nil }
        let decoded = try decoder.decode(event.encoded)
        return ReplayStep(line: line, event: decoded, view: fold(decoded, orderID: event.orderID, version: event.version, occurredAt: event.occurredAt))
    }

    /// `step` for a line the store wrote as text, or nil once the replay is past its end (and for every
    /// later line).
    public mutating func step(_ line: WrittenFeedLine) throws(EventDecodingError) -> WrittenReplayStep? {
        guard isShown(version: line.version, occurredAt: line.occurredAt) else { return nil }
        let event = try decoder.decode(type: line.type, schemaVersion: line.schemaVersion, payload: line.payload)
        return WrittenReplayStep(view: fold(event, orderID: line.orderID, version: line.version, occurredAt: line.occurredAt))
    }

    /// Whether the event at `version` and `occurredAt` is before the replay's end.
    private mutating func isShown(version: Int, occurredAt: Timestamp) -> Bool {
        if let toVersion, version > toVersion { ended = true }
        if let asOf, occurredAt > asOf { ended = true }
        return !ended
    }

    /// The order after `event`.
    private mutating func fold(_ event: OrderEvent, orderID: OrderID, version: Int, occurredAt: Timestamp) -> OrderView? {
        view = OrderView.evolve(view, orderID: orderID, with: event, version: version, occurredAt: occurredAt)
        return view
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
