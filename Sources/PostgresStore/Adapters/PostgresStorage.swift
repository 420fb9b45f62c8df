import FoundationEssentials
import OrderService
import PostgresClient

/// The store on PostgreSQL: opens sessions through libpq and checks that each is fit for its purpose.
public struct PostgresStorage: StorageConnector {
    private let environment: [String: String]

    /// Uses `environment` for `DATABASE_URL` and libpq's own variables (`PGHOST`, ...).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public var latestMigrationName: String { SchemaRequirement.latestMigration }

    public func open(_ address: String?, for purpose: StoragePurpose, access: StorageAccess) throws -> any StorageSession {
        try translatingFailures {
            let requirement: ConnectionTarget.ServerRequirement = switch access {
            case .writing: .acceptingWrites
            case .reading: .any
            }
            let connection = try ConnectionTarget(databaseURL: address, environment: environment, requirement: requirement).connect()
            try Self.prepare(connection, for: purpose)
            return PostgresSession(connection: connection, purpose: purpose)
        }
    }

    /// Checks the schema and sets the session's limits for its purpose.
    static func prepare(_ connection: DatabaseConnection, for purpose: StoragePurpose) throws(PostgresError) {
        switch purpose {
        case .schemaChange: return
        case .everyday: try SchemaRequirement.check(connection)
        case .bulk:
            try SchemaRequirement.check(connection)
            try RuntimeRole.allowLongStatements(on: connection)
        }
    }
}
