/// Why an import stored nothing.
public enum ImportRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    /// The store already holds events.
    case storeNotEmpty(events: Int64)
    /// A line breaks the feed.
    case badLine(number: Int, reason: String)
    /// The server refused the rows (a duplicate position or event id, a value it cannot store).
    case rejectedByDatabase(String)
    /// The connecting role may not load history (the runtime role may not).
    case notTheOwner(String)
    /// A key of the key file does not open its customer's events (the key file of another store, or
    /// an altered one).
    case keyDoesNotOpen(String)

    public var description: String {
        switch self {
        case let .storeNotEmpty(events): "import needs an empty store; this one holds \(events) events"
        case let .badLine(number, reason): "line \(number): \(reason)"
        case let .rejectedByDatabase(message): "the database refused the feed: \(message)"
        case let .notTheOwner(message):
            "\(message): loading history keeps the feed's positions, which only the owner of the events table may do; "
                + "run import with the connection string you migrate with"
        case let .keyDoesNotOpen(reason):
            "a key of the key file does not open its customer's events (\(reason)); give the key file exported with this feed"
        }
    }
}
