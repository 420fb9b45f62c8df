import OrderService
import PostgresClient
import DatabaseTestSupport
import Foundation
import PostgresStore
import Testing

@Suite("Migrations", .serialized)
struct MigrationRunnerTests {
    static let sqlFolder = TestDatabase.repositoryRoot.appendingPathComponent("sql")

    @Test("migrate applies every file once; a second run changes nothing")
    func idempotent() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let migrations = try Migration.load(from: Self.sqlFolder)
            let first = try MigrationRunner(connection: connection).migrate(migrations)
            #expect(first.applied == migrations.map(\.name))
            let second = try MigrationRunner(connection: connection).migrate(migrations)
            #expect(second.applied.isEmpty)
            #expect(second.alreadyApplied == migrations.map(\.name))
            let checksums = try MigrationRunner(connection: connection).appliedChecksums()
            #expect(checksums[migrations[0].name] == migrations[0].checksum)
            try SchemaRequirement.check(connection)
        }
    }

    @Test("a migration changed after it was applied is refused, and nothing after it runs")
    func changedFileRefused() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            var migrations = try Migration.load(from: Self.sqlFolder)
            _ = try MigrationRunner(connection: connection).migrate(migrations)
            migrations[0] = Migration(name: migrations[0].name, sql: migrations[0].sql + "\n-- edited\n")
            migrations.append(Migration(name: "999_later.sql", sql: "CREATE TABLE later (id int)"))
            do {
                _ = try MigrationRunner(connection: connection).migrate(migrations)
                Issue.record("a changed migration was accepted")
            } catch let error as PostgresError {
                #expect(error.kind == .migrationChanged)
                #expect(error.description.contains(migrations[0].name))
            }
            let later = try connection.execute("SELECT to_regclass('later') IS NULL", context: "checking")
            #expect(later.string(row: 0, column: 0) == "t")
        }
    }

    @Test("a failing migration rolls back whole and is not recorded")
    func failingMigrationRollsBack() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let broken = [Migration(name: "001_broken.sql", sql: "CREATE TABLE half (id int); SELECT * FROM no_such_table;")]
            #expect(throws: PostgresError.self) { try MigrationRunner(connection: connection).migrate(broken) }
            #expect(try connection.execute("SELECT to_regclass('half') IS NULL", context: "checking").string(row: 0, column: 0) == "t")
            #expect(try MigrationRunner(connection: connection).appliedChecksums().isEmpty)
        }
    }

    @Test("an unmigrated database fails the schema check with advice to migrate")
    func schemaMissing() throws {
        try TestDatabase.with(migrated: false) { database in
            do {
                try SchemaRequirement.check(try database.connect())
                Issue.record("an empty database passed the schema check")
            } catch let error as PostgresError {
                #expect(error.kind == .schemaOutdated)
                #expect(error.description.contains("orderctl migrate"))
            }
        }
    }

    @Test("the required migration is the last file in sql/")
    func requirementMatchesFolder() throws {
        #expect(try Migration.load(from: Self.sqlFolder).last?.name == SchemaRequirement.latestMigration)
    }
}
