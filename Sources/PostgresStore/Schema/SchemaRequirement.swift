import PostgresClient

/// The newest migration this build of orderctl needs; commands other than `migrate` check it first,
/// so an old or empty database fails with "run orderctl migrate" instead of an obscure SQL error.
package enum SchemaRequirement {
    /// The last file in `sql/` (a test keeps the two in step).
    package static let latestMigration = "009_commit_confirmations.sql"

    /// Throws `.schemaOutdated` unless `latestMigration` is recorded as applied.
    package static func check(_ connection: DatabaseConnection) throws(PostgresError) {
        let advice = "the database at \(connection.target) has no orderctl schema or an older one; run `orderctl migrate` (or `make migrate`)"
        do throws(PostgresError) {
            let result = try connection.execute(
                "SELECT 1 FROM schema_migrations WHERE name = $1", [latestMigration], context: "checking the schema"
            )
            guard result.rowCount == 1 else {
                throw PostgresError(kind: .schemaOutdated, message: advice + " to apply \(latestMigration)", context: "checking the schema")
            }
        } catch let error where error.sqlState == .undefinedTable {
            throw PostgresError(kind: .schemaOutdated, sqlState: error.sqlState, message: advice, context: "checking the schema")
        }
    }
}
