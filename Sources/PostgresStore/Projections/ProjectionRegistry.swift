import PostgresClient
import OrderProjections

/// Reads and changes the `projections` registry: which table holds which version of each read model.
package enum ProjectionRegistry {
    /// Every registered table, in id order.
    package static func all(on connection: DatabaseConnection) throws -> [RegisteredProjection] {
        try select(where: "TRUE", [], on: connection)
    }

    /// One entry by id, nil when it is gone.
    package static func entry(id: Int, on connection: DatabaseConnection) throws -> RegisteredProjection? {
        try select(where: "id = $1", [String(id)], on: connection).first
    }

    /// The live table of a read model, or an error a user can act on when there is none this build can read.
    package static func liveTable(of readModel: ReadModel, on connection: DatabaseConnection) throws -> ProjectionTable {
        let context = "finding the live \(readModel.name) table"
        guard let entry = try select(where: "name = $1 AND state = 'live'", [readModel.name], on: connection).first else {
            throw PostgresError(
                kind: .schemaOutdated,
                message: "the \(readModel.name) read model has not been built; run `orderctl migrate` or `orderctl projections rebuild \(readModel.name)`",
                context: context
            )
        }
        guard let table = entry.table else { throw tooNew(entry, context: context) }
        return table
    }

    /// The live tables an append must write, after checking this build can write every one of them.
    ///
    /// A live read model this build cannot maintain (a newer orderctl built it) refuses the append:
    /// writing events without its rows would break "`query` reads its own writes".
    static func liveTables(on connection: DatabaseConnection, context: String) throws -> [ProjectionTable] {
        try select(where: "state = 'live'", [], on: connection).map { entry throws in
            guard let table = entry.table else { throw tooNew(entry, context: context) }
            return table
        }
    }

    /// Registers a new, empty building table for the current version of a read model and creates it.
    static func startBuilding(_ readModel: ReadModel, on connection: DatabaseConnection) throws -> RegisteredProjection {
        let context = "starting a build of \(readModel.name) v\(readModel.currentVersion)"
        let inserted = try connection.execute(
            """
            INSERT INTO projections (name, version, table_name, state)
            VALUES ($1, $2, 'pending-' || gen_random_uuid(), 'building') RETURNING id
            """,
            [readModel.name, String(readModel.currentVersion)], context: context
        )
        guard let id = inserted.integer(row: 0, column: 0).map(Int.init) else {
            throw PostgresError(kind: .statementFailed, message: "the registry insert returned no id", context: context)
        }
        let tableName = ProjectionTable.name(for: readModel, version: readModel.currentVersion, registryID: id)
        try connection.execute("UPDATE projections SET table_name = $2 WHERE id = $1", [String(id), tableName], context: context)
        try ProjectionTable(readModel: readModel, version: readModel.currentVersion, name: tableName).create(on: connection, context: context)
        return RegisteredProjection(id: id, name: readModel.name, version: readModel.currentVersion, tableName: tableName, state: .building, checkpoint: .beginning)
    }

    /// Drops a table and forgets it (a retired table, or a build that is abandoned).
    static func discard(_ entry: RegisteredProjection, on connection: DatabaseConnection) throws {
        let context = "dropping \(entry.tableName)"
        try connection.execute("DROP TABLE IF EXISTS \(SQLIdentifier.quoted(entry.tableName))", context: context)
        try connection.execute("DELETE FROM projections WHERE id = $1", [String(entry.id)], context: context)
    }

    /// Moves a table's checkpoint, inside the transaction that wrote its rows.
    static func move(_ entry: RegisteredProjection, to checkpoint: ProjectionCheckpoint, on connection: DatabaseConnection, context: String) throws {
        try connection.execute(
            "UPDATE projections SET checkpoint_transaction_id = $2::xid8, checkpoint_position = $3, updated_at = now() WHERE id = $1",
            [String(entry.id), String(checkpoint.transactionID), String(checkpoint.position)], context: context
        )
    }

    /// Makes a building table live and retires the one it replaces, inside the switch transaction.
    static func promote(_ entry: RegisteredProjection, on connection: DatabaseConnection, context: String) throws {
        try connection.execute(
            "UPDATE projections SET state = 'retired', updated_at = now() WHERE name = $1 AND state = 'live'", [entry.name], context: context
        )
        try connection.execute("UPDATE projections SET state = 'live', updated_at = now() WHERE id = $1", [String(entry.id)], context: context)
    }

    private static func tooNew(_ entry: RegisteredProjection, context: String) -> PostgresError {
        PostgresError(
            kind: .schemaOutdated,
            message: "the \(entry.name) read model is live at version \(entry.version), which this orderctl cannot maintain "
                + "(it knows \(entry.readModel.map { "versions \($0.maintainableVersions.lowerBound)–\($0.maintainableVersions.upperBound)" } ?? "no such read model")); "
                + "use the newer orderctl that built it",
            context: context
        )
    }

    private static func select(where condition: String, _ parameters: [String?], on connection: DatabaseConnection) throws -> [RegisteredProjection] {
        let context = "reading the projections registry"
        let result = try connection.execute(
            """
            SELECT id, name, version, table_name, state, checkpoint_transaction_id::text, checkpoint_position
            FROM projections WHERE \(condition) ORDER BY id
            """,
            parameters, context: context
        )
        return try (0..<result.rowCount).map { row throws in
            guard let id = result.integer(row: row, column: 0),
                  let name = result.string(row: row, column: 1),
                  let version = result.integer(row: row, column: 2),
                  let tableName = result.string(row: row, column: 3),
                  let state = result.string(row: row, column: 4).flatMap(RegisteredProjection.State.init(rawValue:)),
                  let transactionID = result.string(row: row, column: 5).flatMap({ UInt64($0) }),
                  let position = result.integer(row: row, column: 6)
            else { throw UnreadableRow(row: "a projections registry row", problem: "NULL or malformed columns", context: context) }
            return RegisteredProjection(
                id: Int(id), name: name, version: Int(version), tableName: tableName, state: state,
                checkpoint: ProjectionCheckpoint(transactionID: transactionID, position: position)
            )
        }
    }
}
