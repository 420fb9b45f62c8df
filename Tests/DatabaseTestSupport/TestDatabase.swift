import PostgresClient
import Foundation
import OrderService
import PostgresStore

/// A throwaway database on the test cluster: created (and migrated) for one test, dropped after it.
///
/// The cluster comes from `ORDERCTL_TEST_DATABASE_URL`, which `make test` sets to the local
/// cluster's maintenance database. Without it the tests fail, never skip.
public struct TestDatabase: Sendable {
    /// The database's name.
    public let name: String
    /// A connection string for it as orderctl runs in production: the runtime role of migration 004
    /// (the owner, for a database left unmigrated, where that role may not exist yet).
    public let url: String
    /// A connection string as the tables' owner: for migrating, and for what only an owner (or an
    /// attacker with superuser rights) may do, such as disabling the append-only trigger.
    public let ownerURL: String

    /// The maintenance database URL, or a failure that says how to get one.
    public static func administrationURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["ORDERCTL_TEST_DATABASE_URL"], !url.isEmpty else {
            throw MissingTestDatabase()
        }
        return url
    }

    /// Runs `body` with a fresh database (migrated unless asked not to), then drops it.
    public static func with<Result>(migrated: Bool = true, _ body: (TestDatabase) throws -> Result) throws -> Result {
        let adminURL = try administrationURL()
        let name = "orderctl_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try ConnectionTarget(databaseURL: adminURL).connect()
        // Identifiers cannot be parameters; this name is generated here from hex digits only.
        try admin.execute("CREATE DATABASE \(name)", context: "creating test database \(name)")
        defer {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", context: "dropping test database \(name)")
        }
        let ownerURL = Self.url(adminURL, withDatabase: name)
        let database = TestDatabase(name: name, url: migrated ? Self.url(ownerURL, asUser: RuntimeRole.name) : ownerURL, ownerURL: ownerURL)
        if migrated {
            let connection = try database.connectAsOwner()
            _ = try MigrationRunner(connection: connection).migrate(try Migration.load(from: repositoryRoot.appendingPathComponent("sql")))
            _ = try RuntimeRole.acting(on: connection) { try ProjectionRebuilder(connection: connection).buildMissingReadModels() }
        }
        return try body(database)
    }

    /// The same database as libpq environment variables (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`).
    public var libpqEnvironment: [String: String] {
        var environment = ["PGDATABASE": name]
        for item in URLComponents(string: url)?.queryItems ?? [] {
            switch item.name {
            case "host": environment["PGHOST"] = item.value
            case "port": environment["PGPORT"] = item.value
            case "user": environment["PGUSER"] = item.value
            default: break
            }
        }
        return environment
    }

    /// The same database as a key=value conninfo string.
    public var keyValueConnectionString: String {
        libpqEnvironment.sorted { $0.key < $1.key }.map { key, value in
            let keyword = ["PGHOST": "host", "PGPORT": "port", "PGUSER": "user", "PGDATABASE": "dbname"][key]!
            return "\(keyword)='\(value)'"
        }.joined(separator: " ")
    }

    /// A new connection to this database, as `url`'s role.
    public func connect() throws -> DatabaseConnection {
        try ConnectionTarget(databaseURL: url).connect()
    }

    /// A new connection as the tables' owner.
    public func connectAsOwner() throws -> DatabaseConnection {
        try ConnectionTarget(databaseURL: ownerURL).connect()
    }

    /// The repository root, found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The same server and database as another user: URIs get a new `user`, conninfo a later `user`.
    static func url(_ url: String, asUser user: String) -> String {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), var components = URLComponents(string: url) {
            if components.user != nil {
                components.user = user
            } else {
                components.queryItems = (components.queryItems ?? []).filter { $0.name != "user" } + [URLQueryItem(name: "user", value: user)]
            }
            return components.string ?? url
        }
        return url + " user=" + user
    }

    /// The same server and user, another database: URIs get a new path, conninfo a later `dbname`.
    static func url(_ adminURL: String, withDatabase name: String) -> String {
        if adminURL.hasPrefix("postgres://") || adminURL.hasPrefix("postgresql://"), var components = URLComponents(string: adminURL) {
            components.path = "/" + name
            return components.string ?? adminURL
        }
        return adminURL + " dbname=" + name
    }
}

/// The tests were started without the database `make test` provides.
public struct MissingTestDatabase: Error, CustomStringConvertible {
    public var description: String {
        "ORDERCTL_TEST_DATABASE_URL is not set: these tests need the local PostgreSQL. Run `make test`, which starts it and sets the variable."
    }
}
