import OrderProjections

/// The read models' tables: their registry, catch-up, rebuilds and lag.
public protocol ProjectionMaintaining {
    /// Every registered table, live, building or retired.
    func registeredTables() throws -> [RegisteredProjection]
    /// One registered table as it stands now, if it is still registered.
    func registeredTable(id: Int) throws -> RegisteredProjection?
    /// How far a table's checkpoint is behind the log.
    func lag(of table: RegisteredProjection) throws -> ProjectionLag
    /// The oldest transaction still open, which holds every runner back.
    func oldestOpenTransaction() throws -> OpenTransaction?

    /// Projects the events past a table's checkpoint in batches of `batchSize`; returns how many.
    func catchUp(tableID: Int, batchSize: Int, shouldStop: () -> Bool) throws -> Int
    /// Brings every live table up to the log (after an import); returns how many events were projected.
    func catchUpLiveTables() throws -> Int
    /// Rebuilds one read model into a new table while writers go on, verifies it and switches to it.
    func rebuild(_ readModel: ReadModel, batchSize: Int, progress: (RebuildProgress) -> Void, shouldStop: () -> Bool) throws -> RebuildReport
    /// Rebuilds several read models, filling their new tables from one read of the log, then verifies and
    /// switches each in turn, handing each report to `reported` as it goes live.
    func rebuild(
        _ readModels: [ReadModel], batchSize: Int, progress: (RebuildProgress) -> Void, shouldStop: () -> Bool, reported: (RebuildReport) throws -> Void
    ) throws

    /// Rebuilds the contacts read model from the log and the customers' keys; returns the events folded.
    func rebuildContacts() throws -> Int
    /// Asks to be woken by appends from now on.
    func listenForAppends() throws
    /// Waits until an append commits, `otherDescriptor` becomes readable, or `timeout` seconds pass.
    func waitForAppends(timeout: Double, orReadable otherDescriptor: Int32) throws
}
