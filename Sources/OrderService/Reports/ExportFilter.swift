import OrderDomain

/// Which events to export; the defaults take all of them.
public struct ExportFilter: Sendable, Equatable {
    /// Only events at or after this global position.
    public var fromPosition: Int64?
    /// Only events of this type (an order's or a customer's `event_type`).
    public var type: String?
    /// Only events that occurred at or after this moment.
    public var since: Timestamp?

    /// Creates a filter.
    public init(fromPosition: Int64? = nil, type: String? = nil, since: Timestamp? = nil) {
        self.fromPosition = fromPosition
        self.type = type
        self.since = since
    }

    /// Whether the filter takes this line: the same conditions `export` puts in its query.
    public func takes(_ line: FeedLine) -> Bool {
        if let fromPosition, line.position < fromPosition { return false }
        if let type, line.event.type != type { return false }
        if let since, line.event.occurredAt < since { return false }
        return true
    }

    /// Every `event_type` a filter may name.
    public static let eventTypes = OrderEvent.Kind.allCases.map(\.rawValue) + CustomerEvent.Kind.allCases.map(\.rawValue)
}
