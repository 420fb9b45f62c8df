import OrderDomain

/// The first place where a stream's stored events stop proving themselves.
public struct ChainBreak: Sendable, Equatable {
    /// What kind of break it is.
    public enum Kind: String, Sendable, CaseIterable {
        /// An event's fields no longer match its hash (or it has none).
        case changed
        /// A version is absent: a gap, or fewer events than the stream's recorded version.
        case missing
        /// Every event is intact, but one is stored at another version than it was chained at.
        case reordered
        /// An event's row cannot be read back at all (a column NULL or of the wrong shape), so nothing
        /// after it can be checked.
        case unreadable
    }

    /// The broken stream.
    public let orderID: OrderID
    /// The first version that does not hold.
    public let version: Int
    /// The kind of break.
    public let kind: Kind
    /// What exactly is wrong, for the report.
    public let detail: String

    /// Creates a break.
    public init(orderID: OrderID, version: Int, kind: Kind, detail: String) {
        self.orderID = orderID
        self.version = version
        self.kind = kind
        self.detail = detail
    }
}
