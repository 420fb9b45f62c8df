import OrderProjections

/// Creating and upgrading the store's schema.
public protocol SchemaMaintaining {
    /// Applies every migration not applied yet, in order; refuses (applying nothing more) when an
    /// applied one has changed.
    func migrate(_ migrations: [Migration]) throws -> MigrationReport
    /// Throws `StoreFailure` `.schemaOutdated` unless the schema is what this build needs.
    func checkCurrent() throws
    /// Builds every read model that has no table yet, as the everyday role will own them.
    func buildMissingReadModels() throws -> [RebuildReport]
    /// Every registered table, to tell which read models are behind this build.
    func registeredTables() throws -> [RegisteredProjection]
}
