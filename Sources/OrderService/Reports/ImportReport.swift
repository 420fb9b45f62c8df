/// What an import stored.
public struct ImportReport: Sendable, Equatable {
    /// Events stored.
    public let events: Int
    /// Streams stored.
    public let streams: Int
    /// Customer keys stored.
    public let keys: Int
    /// Keys of the key file left out because their customer is not in the feed (registered after the
    /// export read the log, since `export --keys` reads the keys after it).
    public let keysLeftOut: Int
    /// Customers of the feed that came without a key: they can never be read, and are stored forgotten.
    public let customersWithoutKey: Int

    /// Records what an import stored.
    public init(events: Int, streams: Int, keys: Int = 0, keysLeftOut: Int = 0, customersWithoutKey: Int = 0) {
        self.events = events
        self.streams = streams
        self.keys = keys
        self.keysLeftOut = keysLeftOut
        self.customersWithoutKey = customersWithoutKey
    }
}
