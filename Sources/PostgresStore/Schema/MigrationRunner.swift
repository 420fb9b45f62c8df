import OrderService
import PostgresClient

/// Applies `sql/` migrations in order, each in its own transaction, recording name and checksum.
package struct MigrationRunner {
    /// Two `migrate` runs at once would race to create the same tables; this key serializes them.
    static let advisoryLockKey: Int64 = 0x6F72_6465_7263_746C // "orderctl"

    /// The migration that adds the hash chain; events older than it are sealed after it.
    static let hashChainMigration = "003_hash_chain.sql"

    private let connection: DatabaseConnection

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Applies every migration not yet applied; refuses (applying nothing more) when an applied file changed.
    package func migrate(_ migrations: [Migration]) throws -> MigrationReport {
        try connection.execute("SELECT pg_advisory_lock($1)", [String(Self.advisoryLockKey)], context: "waiting for other migrations")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [String(Self.advisoryLockKey)], context: "releasing the migration lock") }
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name       text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            context: "creating schema_migrations"
        )
        let recorded = try appliedChecksums()
        try Self.refuseChanged(migrations, recorded: recorded)
        var report = MigrationReport()
        for migration in migrations {
            if recorded[migration.name] != nil {
                report.alreadyApplied.append(migration.name)
                continue
            }
            try apply(migration)
            report.applied.append(migration.name)
        }
        if (report.applied + report.alreadyApplied).contains(Self.hashChainMigration) {
            report.sealedEvents = try EventSealing.sealUnsealedEvents(on: connection)
        }
        return report
    }

    /// Throws `.migrationChanged` for the first applied migration whose file no longer has the recorded checksum.
    private static func refuseChanged(_ migrations: [Migration], recorded: [String: String]) throws {
        for migration in migrations {
            guard let checksum = recorded[migration.name] else { continue }
            guard checksum == migration.checksum else {
                throw PostgresError(
                    kind: .migrationChanged,
                    message: "\(migration.name) was changed after it was applied (recorded checksum \(checksum.prefix(12))…, file \(migration.checksum.prefix(12))…); "
                        + "restore the original file and put the change in a new numbered migration",
                    context: "refusing to migrate"
                )
            }
        }
    }

    /// Runs one migration file and records it, in one transaction: a file that fails leaves no trace.
    private func apply(_ migration: Migration) throws {
        let context = "applying migration \(migration.name)"
        try connection.transaction(context: context) {
            try connection.executeScript(migration.sql, context: context)
            try connection.execute(
                "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", [migration.name, migration.checksum], context: context
            )
        }
    }

    /// Names and checksums already recorded.
    package func appliedChecksums() throws(PostgresError) -> [String: String] {
        let result = try connection.execute("SELECT name, checksum FROM schema_migrations", context: "reading schema_migrations")
        var checksums: [String: String] = [:]
        for row in 0..<result.rowCount {
            if let name = result.string(row: row, column: 0), let checksum = result.string(row: row, column: 1) {
                checksums[name] = checksum
            }
        }
        return checksums
    }
}
