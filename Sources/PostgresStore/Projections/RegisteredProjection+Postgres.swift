import PostgresClient
import OrderProjections

extension RegisteredProjection {
    /// The table, if this build can write rows of its version.
    package var table: ProjectionTable? {
        guard let readModel, readModel.maintainableVersions.contains(version) else { return nil }
        return ProjectionTable(readModel: readModel, version: version, name: tableName)
    }
}
