/// Opens sessions to the store. The composition root provides the one the program runs with.
public protocol StorageConnector: Sendable {
    /// Opens a session at `address` (nil: the environment's default) for `purpose`, on a server fit for
    /// `access`, within the connect timeout; throws a `StoreFailure` (`.unreachable`, `.invalidAddress`,
    /// `.schemaOutdated`, ...).
    func open(_ address: String?, for purpose: StoragePurpose, access: StorageAccess) throws -> any StorageSession

    /// The file name of the newest migration this build needs, to recognise a migrations folder.
    var latestMigrationName: String { get }
}

extension StorageConnector {
    /// Opens a session on a server that accepts writes.
    public func open(_ address: String?, for purpose: StoragePurpose) throws -> any StorageSession {
        try open(address, for: purpose, access: .writing)
    }
}
