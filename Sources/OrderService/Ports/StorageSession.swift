/// One session to the store and what the application may ask of it. Every member throws
/// `StoreFailure` for the store's own failures; the capabilities share the session.
public protocol StorageSession: AnyObject {
    /// Where the session is connected (host or socket, port, database, role), for messages.
    var location: String { get }

    /// The event store the command handler writes through.
    func eventStore() -> any OrderEventStore
    /// The customer store the customer command handler and `customer forget` write through.
    func customerStore() -> any CustomerEventStore
    /// Another session to the same place for the same purpose, for work that overlaps this one's.
    func openAnother() throws -> any StorageSession
    /// The read models as queries answer them.
    var readModels: any ReadModelReading { get }
    /// The log as replays, time travel, exports and audits read it.
    var eventLog: any EventLogReading { get }
    /// Loading a whole feed into an empty store.
    var importer: any EventLogImporting { get }
    /// Building, checking and catching up the read models.
    var projections: any ProjectionMaintaining { get }
    /// Creating and upgrading the schema.
    var schema: any SchemaMaintaining { get }
    /// Settling commits whose answers were cut off, after a failover or an unconfirmed commit.
    var commits: any CommitSettling { get }
    /// The notifications' outbox: preparing, delivering, and what `notify` reports.
    var notifications: any NotificationOutbox { get }
}
