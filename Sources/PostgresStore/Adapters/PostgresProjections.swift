import OrderProjections
import OrderService
import PostgresClient

/// The read models' maintenance port on the projection registry and its tables.
struct PostgresProjections: ProjectionMaintaining {
    let connection: DatabaseConnection

    func registeredTables() throws -> [RegisteredProjection] {
        try translatingFailures { try ProjectionRegistry.all(on: connection) }
    }

    func registeredTable(id: Int) throws -> RegisteredProjection? {
        try translatingFailures { try ProjectionRegistry.entry(id: id, on: connection) }
    }

    func lag(of table: RegisteredProjection) throws -> ProjectionLag {
        try translatingFailures { try ProjectionLag.of(table, on: connection) }
    }

    func oldestOpenTransaction() throws -> OpenTransaction? {
        try translatingFailures { try OpenTransaction.oldest(on: connection) }
    }

    func catchUp(tableID: Int, batchSize: Int, shouldStop: () -> Bool) throws -> Int {
        try translatingFailures { try ProjectionRunner(connection: connection).catchUp(registryID: tableID, batchSize: batchSize, shouldStop: shouldStop) }
    }

    func catchUpLiveTables() throws -> Int {
        try translatingFailures { try ProjectionRunner(connection: connection).catchUpLiveTables() }
    }

    func rebuild(_ readModel: ReadModel, batchSize: Int, progress: (RebuildProgress) -> Void, shouldStop: () -> Bool) throws -> RebuildReport {
        try translatingFailures {
            try ProjectionRebuilder(connection: connection, batchSize: batchSize).rebuild(readModel, progress: progress, shouldStop: shouldStop)
        }
    }

    func rebuild(
        _ readModels: [ReadModel], batchSize: Int, progress: (RebuildProgress) -> Void, shouldStop: () -> Bool, reported: (RebuildReport) throws -> Void
    ) throws {
        try translatingFailures {
            try ProjectionRebuilder(connection: connection, batchSize: batchSize).rebuild(
                readModels, progress: progress, shouldStop: shouldStop, reported: reported
            )
        }
    }

    func rebuildContacts() throws -> Int {
        try translatingFailures { try withoutPersonalDetail { try ContactsTable.rebuild(on: connection, context: "rebuilding the contacts read model") } }
    }

    func listenForAppends() throws {
        try translatingFailures { try connection.listen(to: ProjectionNotifications.channel) }
    }

    func waitForAppends(timeout: Double, orReadable otherDescriptor: Int32) throws {
        _ = try translatingFailures { try connection.waitForNotification(timeout: timeout, orReadable: otherDescriptor) }
    }
}
