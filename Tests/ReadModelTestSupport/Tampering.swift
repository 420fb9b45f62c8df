import PostgresClient
import PostgresStore

/// What someone with superuser rights could do to the log: switch off the append-only trigger and rewrite.
public enum Tampering {
    /// Runs `statements` with the trigger disabled, in one transaction, and switches it back on.
    public static func rewrite(_ statements: [String], on connection: DatabaseConnection) throws {
        try connection.transaction(context: "tampering") {
            try connection.execute("ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete", context: "tampering")
            for statement in statements { try connection.execute(statement, context: "tampering") }
            try connection.execute("ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_update_or_delete", context: "tampering")
        }
    }
}
