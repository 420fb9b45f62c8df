/// What one run did.
public struct MigrationReport: Sendable, Equatable {
    /// Migrations applied by this run, in order.
    public var applied: [String] = []
    /// Migrations that were already applied and unchanged.
    public var alreadyApplied: [String] = []
    /// Events written before the hash chain that this run gave their links.
    public var sealedEvents = 0

    /// An empty report, before the first migration.
    public init() {}
}
