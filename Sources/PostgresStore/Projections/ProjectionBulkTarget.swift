import PostgresClient
import OrderProjections

/// One table a rebuild's bulk pass fills, on a session of its own: a session runs one COPY at a time,
/// and the pass fills every read model being rebuilt from a single read of the log.
final class ProjectionBulkTarget {
    /// The registry entry, as read under its runner lock.
    let entry: RegisteredProjection
    let table: ProjectionTable
    let session: DatabaseConnection
    /// Where each of the table's columns is in the pass's `ProjectionBulkRow`.
    private let fieldIndexes: [Int]
    private let context: String
    private var buffer: [UInt8] = []
    /// Whether `finish` sent the statements that build the indexes, whose outcome is still to be taken.
    private var isRestoringIndexes = false

    private static let chunkSize = 1 << 16

    init(entry: RegisteredProjection, table: ProjectionTable, session: DatabaseConnection, fieldIndexes: [Int], context: String) {
        self.entry = entry
        self.table = table
        self.session = session
        self.fieldIndexes = fieldIndexes
        self.context = context
        buffer.reserveCapacity(Self.chunkSize + 4_096)
    }

    /// Starts the table's `COPY ... FROM STDIN (FORMAT binary)`.
    func begin() throws(PostgresError) {
        try session.beginCopyIn(table.copyInStatement, context: context)
        buffer.append(contentsOf: BinaryCopyField.header)
    }

    /// Adds a row of the fields this table has, already encoded.
    func append(_ row: ProjectionBulkRow) throws(PostgresError) {
        BinaryCopyField.appendFieldCount(fieldIndexes.count, to: &buffer)
        for index in fieldIndexes {
            buffer.append(contentsOf: row.bytes[row.fields[index]])
        }
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Sends the last rows and ends the COPY (the server reports the first bad row here), then starts
    /// building the table's primary key and lookup index, dropped for the COPY; `awaitIndexes` waits for
    /// them. The pass ends every table's COPY before it waits for any index, so they build side by side.
    func finish() throws(PostgresError) {
        buffer.append(contentsOf: BinaryCopyField.trailer)
        try flush()
        try session.endCopy(context: context)
        try table.startRestoringIndexes(on: session, context: context)
        isRestoringIndexes = true
    }

    /// Waits for the indexes `finish` started.
    func awaitIndexes() throws(PostgresError) {
        guard isRestoringIndexes else { return }
        isRestoringIndexes = false
        try session.finishSent(context: context)
    }

    /// Abandons the COPY (the server discards every row sent), or cancels the index building after it:
    /// the table's transaction rolls back either way, so waiting for its indexes would only delay the stop.
    func abort() {
        if isRestoringIndexes {
            session.abandonSent()
        } else {
            session.abortCopy(reason: "abandoned: \(context)")
        }
        isRestoringIndexes = false
    }

    private func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try session.sendCopyData(buffer, context: context)
        buffer.removeAll(keepingCapacity: true)
    }
}
