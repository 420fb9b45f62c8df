import PostgresClient
import JSONCoding
import OrderDomain
import OrderProjections

/// One physical table holding one version of one read model.
///
/// Every read model keeps one row per order, keyed by `order_id` and stamped with the stream version it
/// reflects. Writes are therefore idempotent and order-insensitive: a row only ever moves forward, so an
/// inline write at append time and a catch-up runner replaying the same event cannot undo each other.
/// Per-order rows also keep concurrent writers apart: no customer or status row that every writer updates.
package struct ProjectionTable: Hashable, Sendable {
    /// The read model.
    package let readModel: ReadModel
    /// The version of its shape this table holds.
    package let version: Int
    /// The table's name (from the `projections` registry).
    package let name: String

    /// Describes a table; the version must be one this build can write.
    package init(readModel: ReadModel, version: Int, name: String) {
        precondition(readModel.maintainableVersions.contains(version), "\(readModel.name) v\(version) is not maintainable by this build")
        self.readModel = readModel
        self.version = version
        self.name = name
    }

    /// The name a new build of the read model gets: unique because the registry id is part of it.
    package static func name(for readModel: ReadModel, version: Int, registryID: Int) -> String {
        "\(readModel.name)_v\(version)_\(registryID)"
    }

    var quotedName: String { SQLIdentifier.quoted(name) }

    /// The columns of this version, `order_id` first.
    var columns: [ProjectionColumn] {
        switch (readModel, version) {
        case (.orders, 1): Self.orderColumns
        case (.orders, _): Self.orderColumns + [Self.itemCountColumn]
        case (.customers, _), (.statuses, _): Self.summaryColumns
        }
    }

    /// Indexes beyond the primary key, for the query each read model answers.
    var indexedColumns: [String] {
        switch readModel {
        case .orders: []
        case .customers: ["customer_id", "placed_at", "order_id"]
        case .statuses: ["status", "updated_at", "order_id"]
        }
    }

    /// Creates the empty table, its primary key (named, as PostgreSQL would name it, so that a bulk load
    /// can drop it and add it again) and its lookup index.
    func create(on connection: DatabaseConnection, context: String) throws(PostgresError) {
        let definitions = columns.map { column in
            column.name == "order_id" ? "order_id uuid CONSTRAINT \(primaryKeyName) PRIMARY KEY" : "\(column.name) \(column.type) NOT NULL"
        }
        try connection.execute("CREATE TABLE \(quotedName) (\(definitions.joined(separator: ", ")))", context: context)
        try createLookupIndex(on: connection, context: context)
    }

    /// Creates the index beyond the primary key, if the read model has one.
    func createLookupIndex(on connection: DatabaseConnection, context: String) throws(PostgresError) {
        guard let lookupIndexDefinition else { return }
        try connection.execute(lookupIndexDefinition, context: context)
    }

    /// Drops the primary key and the lookup index of the empty table before the bulk build's COPY;
    /// `startRestoringIndexes` builds them again after it, in the same transaction. Building an index
    /// from the whole table sorts once, where inserting row by row into it cost half the COPY's time
    /// (the lookup index) and a third (the key: a random uuid a row, each insertion logged on its own).
    func dropIndexesForBulkLoad(on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try connection.execute("ALTER TABLE \(quotedName) DROP CONSTRAINT \(primaryKeyName)", context: context)
        guard !indexedColumns.isEmpty else { return }
        try connection.execute("DROP INDEX \(lookupIndexName)", context: context)
    }

    /// Sends the statements that add the primary key and the lookup index back after a bulk load, without
    /// waiting for them (their outcome is `connection.finishSent`'s): the bulk pass builds the indexes of
    /// its tables side by side on their sessions, not one table after another. Adding the key checks
    /// that each order has one row, as inserting into it did.
    func startRestoringIndexes(on connection: DatabaseConnection, context: String) throws(PostgresError) {
        let statements = ["ALTER TABLE \(quotedName) ADD CONSTRAINT \(primaryKeyName) PRIMARY KEY (order_id)"] + [lookupIndexDefinition].compactMap { $0 }
        try connection.sendScript(statements.joined(separator: ";\n"), context: context)
    }

    /// The `CREATE INDEX` of the index beyond the primary key; nil when the read model has none.
    private var lookupIndexDefinition: String? {
        indexedColumns.isEmpty ? nil : "CREATE INDEX \(lookupIndexName) ON \(quotedName) (\(indexedColumns.joined(separator: ", ")))"
    }

    private var lookupIndexName: String { SQLIdentifier.quoted(name + "_lookup") }

    /// PostgreSQL's own name for a table's primary key (a table's name is far below the 63-byte limit).
    private var primaryKeyName: String { SQLIdentifier.quoted(name + "_pkey") }

    /// `COPY ... FROM STDIN (FORMAT binary)` into every column, in `columns`' order: the bulk build's write.
    var copyInStatement: String {
        "COPY \(quotedName) (\(columns.map(\.name).joined(separator: ", "))) FROM STDIN (FORMAT binary)"
    }

    /// Writes the rows of these views in one statement, each only if it is newer than the stored row.
    func upsert(_ views: [OrderView], on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try Self.upsert(views, into: [(self, quotedName)], on: connection, context: context)
    }

    /// `upsert`, into another table of the same shape (the verification copy).
    func upsert(_ views: [OrderView], into table: String, on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try Self.upsert(views, into: [(self, table)], on: connection, context: context)
    }

    /// Writes the rows of these views into several tables in one statement (one round trip for an
    /// append, whatever the number of live read models): every table but the last in a data-modifying
    /// `WITH` clause.
    static func upsert(_ views: [OrderView], into tables: [ProjectionTable], on connection: DatabaseConnection, context: String) throws(PostgresError) {
        try upsert(views, into: tables.map { ($0, $0.quotedName) }, on: connection, context: context)
    }

    private static func upsert(
        _ views: [OrderView], into targets: [(layout: ProjectionTable, name: String)], on connection: DatabaseConnection, context: String
    ) throws(PostgresError) {
        // One row per order: ON CONFLICT cannot touch a row twice in one statement.
        var newest: [OrderID: OrderView] = [:]
        for view in views where (newest[view.orderID]?.version ?? 0) < view.version {
            newest[view.orderID] = view
        }
        guard !newest.isEmpty, !targets.isEmpty else { return }
        // In key order, so that writers sharing rows take their locks in the same order and never deadlock.
        let rows = newest.values.sorted { $0.orderID < $1.orderID }
        var parameters: [StatementParameter] = []
        let insertions = targets.map { target in
            let columns = target.layout.columns
            let names = columns.map(\.name)
            let unnested = columns.enumerated().map { index, column in "$\(parameters.count + index + 1)::\(column.type)[]" }
            let updates = names.dropFirst().map { "\($0) = excluded.\($0)" }
            parameters += columns.map { column in BinaryArrayParameter.array(rows, of: column.binaryElementType, appendingEach: column.binaryValue) }
            return """
                INSERT INTO \(target.name) AS stored (\(names.joined(separator: ", ")))
                SELECT * FROM unnest(\(unnested.joined(separator: ", ")))
                ON CONFLICT (order_id) DO UPDATE SET \(updates.joined(separator: ", "))
                WHERE stored.version < excluded.version
                """
        }
        let leading = insertions.dropLast().enumerated().map { index, insertion in "written_\(index) AS (\(insertion))" }
        let statement = (leading.isEmpty ? "" : "WITH " + leading.joined(separator: ",\n") + "\n") + (insertions.last ?? "")
        try connection.executePrepared(statement, parameters: parameters, context: context)
    }

    private static let orderColumns: [ProjectionColumn] = [
        orderIDColumn, customerIDColumn, statusColumn, currencyColumn,
        ProjectionColumn(name: "lines", type: "jsonb", value: { linesDocument($0) }) { view, bytes in
            var writer = JSONTextWriter()
            writeLines(of: view, to: &writer)
            writer.withOutput { BinaryCopyField.appendJSONB(utf8: $0, to: &bytes) }
        },
        totalColumn, versionColumn, placedAtColumn, updatedAtColumn,
    ]

    private static let summaryColumns: [ProjectionColumn] = [
        orderIDColumn, customerIDColumn, statusColumn, currencyColumn, totalColumn, itemCountColumn, versionColumn, placedAtColumn, updatedAtColumn,
    ]

    private static let orderIDColumn = ProjectionColumn(name: "order_id", type: "uuid", value: { $0.orderID.description }) {
        BinaryCopyField.appendUUID($0.orderID.uuid, to: &$1)
    }
    private static let customerIDColumn = ProjectionColumn(name: "customer_id", type: "uuid", value: { $0.order.customer.description }) {
        BinaryCopyField.appendUUID($0.order.customer.uuid, to: &$1)
    }
    private static let statusColumn = ProjectionColumn(name: "status", type: "text", value: { $0.order.status.rawValue }) {
        BinaryCopyField.appendText($0.order.status.rawValue, to: &$1)
    }
    private static let currencyColumn = ProjectionColumn(name: "currency", type: "text", value: { $0.order.currency.code }) {
        BinaryCopyField.appendText($0.order.currency.code, to: &$1)
    }
    private static let totalColumn = ProjectionColumn(name: "total_minor_units", type: "bigint", value: { String($0.order.total.minorUnits) }) {
        BinaryCopyField.appendBigint($0.order.total.minorUnits, to: &$1)
    }
    private static let itemCountColumn = ProjectionColumn(name: "item_count", type: "integer", value: { String($0.itemCount) }) {
        BinaryCopyField.appendInteger($0.itemCount, to: &$1)
    }
    private static let versionColumn = ProjectionColumn(name: "version", type: "integer", value: { String($0.version) }) {
        BinaryCopyField.appendInteger($0.version, to: &$1)
    }
    private static let placedAtColumn = ProjectionColumn(name: "placed_at", type: "timestamptz", value: { $0.placedAt.description }) {
        BinaryCopyField.appendTimestamp(microsecondsSinceUnixEpoch: $0.placedAt.microsecondsSinceEpoch, to: &$1)
    }
    private static let updatedAtColumn = ProjectionColumn(name: "updated_at", type: "timestamptz", value: { $0.updatedAt.description }) {
        BinaryCopyField.appendTimestamp(microsecondsSinceUnixEpoch: $0.updatedAt.microsecondsSinceEpoch, to: &$1)
    }

    /// The order's lines as the `lines` column's JSON document.
    private static func linesDocument(_ view: OrderView) -> String {
        var writer = JSONTextWriter()
        writeLines(of: view, to: &writer)
        return writer.withOutput { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes the order's lines as the `lines` column's JSON document (as `JSONValue.serialized` would
    /// write them), member by member: the bulk pass writes one per order, and building a `JSONValue` for
    /// each was a twelfth of its client time.
    private static func writeLines(of view: OrderView, to writer: inout JSONTextWriter) {
        writer.writeRaw("[")
        for (index, line) in view.order.lines.enumerated() {
            if index > 0 { writer.writeRaw(",") }
            writer.writeRaw("{\"productId\":")
            writer.writeString(line.product.description)
            writer.writeRaw(",\"quantity\":")
            writer.writeInteger(line.quantity)
            writer.writeRaw(",\"unitPriceMinorUnits\":")
            writer.writeInteger(line.unitPrice.minorUnits)
            writer.writeRaw("}")
        }
        writer.writeRaw("]")
    }
}
