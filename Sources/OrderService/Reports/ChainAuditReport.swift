/// What `audit verify` covered.
public struct ChainAuditReport: Sendable, Equatable {
    /// Streams checked.
    public var streams = 0
    /// Events checked.
    public var events = 0
    /// Streams with a break.
    public var brokenStreams = 0

    /// Whether every stream held.
    public var intact: Bool { brokenStreams == 0 }

    /// An empty report, before the first stream.
    public init() {}
}
