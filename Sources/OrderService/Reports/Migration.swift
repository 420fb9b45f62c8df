import FoundationEssentials
import Hashing

/// One numbered SQL file from `sql/`.
public struct Migration: Sendable, Equatable {
    /// The file name, e.g. `001_event_store.sql`; also its key in `schema_migrations`.
    public let name: String
    /// The SQL text.
    public let sql: String

    /// SHA-256 of the file's bytes, recorded when applied so a later edit is noticed.
    public var checksum: String { SHA256.hash(sql).hexadecimal }

    /// Creates a migration.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// The migration files of a folder in the order they apply: `NNN_name.sql`, sorted by number.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return try names
            .filter { isMigrationFileName($0) }
            .sorted { sequenceNumber(of: $0) < sequenceNumber(of: $1) }
            .map { name in Migration(name: name, sql: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) }
    }

    /// `NNN_words.sql` with at least three digits.
    public static func isMigrationFileName(_ name: String) -> Bool {
        name.wholeMatch(of: /[0-9]{3,}_[A-Za-z0-9_]+\.sql/) != nil
    }

    private static func sequenceNumber(of name: String) -> Int {
        Int(name.prefix { $0.isNumber }) ?? .max
    }
}
