/// The oldest transaction that holds an id: every projection runner waits below it.
public struct OpenTransaction: Hashable, Sendable {
    /// How long it has been open, in seconds.
    public let seconds: Double
    /// Its transaction id.
    public let transactionID: String
    /// The server process running it, for `pg_terminate_backend` or a look in `pg_stat_activity`.
    public let processID: Int
    /// The client's `application_name`.
    public let applicationName: String
    /// `active`, `idle in transaction`, ...
    public let state: String

    /// Describes an open transaction.
    public init(seconds: Double, transactionID: String, processID: Int, applicationName: String, state: String) {
        self.seconds = seconds
        self.transactionID = transactionID
        self.processID = processID
        self.applicationName = applicationName
        self.state = state
    }
}
