import OrderDomain
import OrderProjections

/// Time travel over one stream: its events in version order, each with the state after it, stopping
/// at a version or a moment. Pure: the store supplies the stored lines.
public enum OrderReplay {
    /// The steps up to and including `toVersion` and up to and including events at `asOf`.
    ///
    /// A stream's times never run backwards (the handler keeps them monotonic), so the first event past
    /// `asOf` ends the replay.
    public static func steps(of lines: [FeedLine], toVersion: Int? = nil, asOf: Timestamp? = nil) throws(EventDecodingError) -> [ReplayStep] {
        var decoder = StreamEventDecoder()
        var view: OrderView?
        var steps: [ReplayStep] = []
        for line in lines {
            if let toVersion, line.event.version > toVersion { break }
            if let asOf, line.event.occurredAt > asOf { break }
            let event = try decoder.decode(line.event.encoded)
            view = OrderView.evolve(view, orderID: line.event.orderID, with: event, version: line.event.version, occurredAt: line.event.occurredAt)
            steps.append(ReplayStep(line: line, event: event, view: view))
        }
        return steps
    }

    /// The order as it stood at `asOf` (nil when it had not been placed yet).
    public static func view(of lines: [FeedLine], asOf: Timestamp) throws(EventDecodingError) -> OrderView? {
        try steps(of: lines, asOf: asOf).last?.view
    }
}
