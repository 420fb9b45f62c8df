/// Loading an exported feed into an empty store, all or nothing.
public protocol EventLogImporting {
    /// Stores every line `nextLine` gives (with its line number) in one transaction, after checking
    /// every version and hash; throws `ImportRefusal` when the feed or the store says no, and stores nothing then.
    func importFeed(nextLine: () throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)?) throws -> ImportReport
}
