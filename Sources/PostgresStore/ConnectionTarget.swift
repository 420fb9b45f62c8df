import CLibPQ
import Foundation

/// Where to connect: `--database-url`, else `DATABASE_URL`, else libpq's own defaults (`PGHOST`, ...).
///
/// Accepts URIs (`postgresql:///orders?host=/tmp/sock`) and key=value conninfo alike, because libpq
/// expands either when it is passed as `dbname`.
public struct ConnectionTarget: Sendable {
    /// The connection string as given, possibly empty (libpq defaults). Never printed: it may hold a password.
    let connectionString: String

    /// Seconds to wait for a connection unless the string or `PGCONNECT_TIMEOUT` says otherwise.
    public static let defaultConnectTimeoutSeconds = 5

    /// Resolves the target from an explicit URL or the environment.
    public init(databaseURL: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        connectionString = databaseURL ?? environment["DATABASE_URL"] ?? ""
    }

    /// Opens a connection, failing within the connect timeout with a message that names the target.
    public func connect() throws(PostgresError) -> DatabaseConnection {
        var keywords: [String] = []
        var values: [String] = []
        // Earlier keywords yield to later ones, so the connection string may still set its own timeout.
        if ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"] == nil {
            keywords.append("connect_timeout")
            values.append(String(Self.defaultConnectTimeoutSeconds))
        }
        keywords += ["application_name", "dbname", "client_encoding"]
        // Payloads and messages are UTF-8 on our side, whatever the server's default.
        values += ["orderctl", connectionString, "UTF8"]
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, message: "out of memory", context: "cannot connect to PostgreSQL")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = String(cString: PQerrorMessage(connection))
            let where_ = Self.describe(connection)
            PQfinish(connection)
            throw PostgresError(
                kind: .connectionFailed,
                message: reason + " Start the local one with `make db` (it prints its DATABASE_URL), or pass --database-url or set DATABASE_URL.",
                context: "cannot connect to PostgreSQL at \(where_)"
            )
        }
        return DatabaseConnection(owning: connection, target: Self.describe(connection))
    }

    /// Host or socket, port, database and user, never the password.
    static func describe(_ connection: OpaquePointer) -> String {
        func field(_ value: UnsafeMutablePointer<CChar>?) -> String {
            value.map { String(cString: $0) } ?? ""
        }
        let host = field(PQhost(connection))
        let place = host.hasPrefix("/") || host.hasPrefix("@") ? "socket \(host)" : "host \(host.isEmpty ? "localhost" : host)"
        return "\(place) port \(field(PQport(connection))), database \"\(field(PQdb(connection)))\" as user \"\(field(PQuser(connection)))\""
    }
}

/// Calls `body` with a NULL-terminated array of C strings that lives for the call.
func withCStringArray<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
