import OrderDomain
import PostgresClient

/// What a stream holds, read from its row in `streams` alone. A replay asks before it reads the events;
/// the row with the customer's key beside it (`CustomerStreamRow`) joined a second table and looked up
/// an array for this one column, a millisecond or more of a fresh session's time where this takes a
/// few tenths.
enum StreamKindQuery {
    /// The kind of `streamID`'s stream, nil when no stream has that id.
    static func kind(of streamID: StreamID, on connection: DatabaseConnection, context: String) throws -> StreamKind? {
        let result = try connection.execute("SELECT kind FROM streams WHERE stream_id = $1::uuid", [streamID.description], context: context)
        guard result.rowCount > 0 else { return nil }
        guard let kind = result.string(row: 0, column: 0).flatMap(StreamKind.init(rawValue:)) else {
            throw UnreadableRow(row: "a streams row", problem: "NULL or malformed columns", context: context)
        }
        return kind
    }
}
