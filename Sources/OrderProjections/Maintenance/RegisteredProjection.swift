/// One row of the `projections` registry: a table holding one version of one read model.
public struct RegisteredProjection: Hashable, Sendable {
    /// Where the table stands in its life.
    public enum State: String, Sendable, Hashable {
        /// Being filled by a rebuild; `query` does not read it.
        case building
        /// What `query` reads and every append writes inline.
        case live
        /// Replaced by a rebuild; dropped as soon as no reader holds it.
        case retired
    }

    /// The registry id (also the key of the projection's runner lock).
    public let id: Int
    /// The read model's name as stored (a newer orderctl may know names this one does not).
    public let name: String
    /// The version of the read model's shape the table holds.
    public let version: Int
    /// The table's name.
    public let tableName: String
    /// Where the table stands.
    public let state: State
    /// How far the table has been brought by the catch-up runner.
    public let checkpoint: ProjectionCheckpoint

    /// Creates a registry entry from its parts.
    public init(id: Int, name: String, version: Int, tableName: String, state: State, checkpoint: ProjectionCheckpoint) {
        self.id = id
        self.name = name
        self.version = version
        self.tableName = tableName
        self.state = state
        self.checkpoint = checkpoint
    }

    /// The same table with its checkpoint moved (as the runner leaves it).
    public func moved(to checkpoint: ProjectionCheckpoint) -> RegisteredProjection {
        RegisteredProjection(id: id, name: name, version: version, tableName: tableName, state: state, checkpoint: checkpoint)
    }

    /// The read model, if this build knows it.
    public var readModel: ReadModel? { ReadModel(name: name) }
}
