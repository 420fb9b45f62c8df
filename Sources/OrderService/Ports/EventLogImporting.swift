import OrderDomain
import PersonalDataProtection

/// Loading an exported feed into an empty store, all or nothing.
public protocol EventLogImporting {
    /// Stores every line `nextLine` gives (with its line number) in one transaction, after checking
    /// every version and hash; throws `ImportRefusal` when the feed or the store says no, and stores nothing then.
    /// `keys` are the customers' keys from `export --keys`; those of customers not in the feed are left
    /// out, and a customer of the feed without a key reads as forgotten.
    func importFeed(nextLine: () throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)?, keys: [CustomerID: CustomerKey]) throws -> ImportReport
}
