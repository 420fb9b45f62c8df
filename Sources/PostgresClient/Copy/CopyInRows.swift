/// The rows of a `COPY ... FROM STDIN` on their way: sent 64 KiB at a time, not a message per row.
public struct CopyInRows {
    private let connection: DatabaseConnection
    private let context: String
    private var buffer: [UInt8] = []

    init(connection: DatabaseConnection, context: String) {
        self.connection = connection
        self.context = context
        buffer.reserveCapacity(Self.chunkSize)
    }

    private static let chunkSize = 1 << 16

    /// Adds one row: its fields in PostgreSQL's text form, in the statement's column order (escaped here).
    public mutating func append(_ fields: [String]) throws(PostgresError) {
        CopyTextFormat.appendRow(fields, to: &buffer)
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Sends what is buffered.
    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try connection.sendCopyData(buffer, context: context)
        buffer.removeAll(keepingCapacity: true)
    }
}
