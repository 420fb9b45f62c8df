import OrderService
import PostgresClient

/// One PostgreSQL session and the ports it serves; every capability translates PostgreSQL's failures.
final class PostgresSession: StorageSession {
    private let connection: DatabaseConnection
    private let purpose: StoragePurpose

    init(connection: DatabaseConnection, purpose: StoragePurpose) {
        self.connection = connection
        self.purpose = purpose
    }

    var location: String { connection.target }

    func eventStore() -> any OrderEventStore {
        TranslatingOrderEventStore(PostgresOrderEventStore(connection: connection))
    }

    func customerStore() -> any CustomerEventStore {
        TranslatingCustomerEventStore(PostgresCustomerEventStore(connection: connection))
    }

    func openAnother() throws -> any StorageSession {
        try translatingFailures {
            let another = try connection.connectAgain()
            try PostgresStorage.prepare(another, for: purpose)
            return PostgresSession(connection: another, purpose: purpose)
        }
    }

    var readModels: any ReadModelReading { PostgresReadModels(connection: connection) }
    var eventLog: any EventLogReading { PostgresEventLog(connection: connection) }
    var importer: any EventLogImporting { PostgresImporter(connection: connection) }
    var projections: any ProjectionMaintaining { PostgresProjections(connection: connection) }
    var schema: any SchemaMaintaining { PostgresSchema(connection: connection) }
    var commits: any CommitSettling { PostgresCommitSettling(connection: connection) }
    var notifications: any NotificationOutbox { PostgresNotificationOutbox(connection: connection) }
}
