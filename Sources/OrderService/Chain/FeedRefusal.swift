/// Why a feed line cannot be imported.
public struct FeedRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field, stream or version.
    public let reason: String

    /// Creates a refusal.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
