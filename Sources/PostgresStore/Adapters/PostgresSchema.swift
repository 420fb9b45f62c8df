import OrderProjections
import OrderService
import PostgresClient

/// `migrate`'s port: the numbered SQL files, the schema check, and the first build of each read model.
struct PostgresSchema: SchemaMaintaining {
    let connection: DatabaseConnection

    func migrate(_ migrations: [Migration]) throws -> MigrationReport {
        try translatingFailures { try MigrationRunner(connection: connection).migrate(migrations) }
    }

    func checkCurrent() throws {
        try translatingFailures { try SchemaRequirement.check(connection) }
    }

    func buildMissingReadModels() throws -> [RebuildReport] {
        try translatingFailures { try RuntimeRole.acting(on: connection) { try ProjectionRebuilder(connection: connection).buildMissingReadModels() } }
    }

    func registeredTables() throws -> [RegisteredProjection] {
        try translatingFailures { try ProjectionRegistry.all(on: connection) }
    }
}
