
/// What one rebuild did.
public struct RebuildReport: Hashable, Sendable {
    /// The read model.
    public let readModel: ReadModel
    /// The version now live.
    public let version: Int
    /// The table now live.
    public let tableName: String
    /// Whether an interrupted build was picked up again.
    public let resumed: Bool
    /// Events projected into the new table (the switch's last catch-up included).
    public let events: Int
    /// The verification before the switch.
    public let verification: ProjectionVerification
    /// How long appends waited for the switch, in seconds.
    public let switchSeconds: Double

    /// Records a finished rebuild.
    public init(readModel: ReadModel, version: Int, tableName: String, resumed: Bool, events: Int, verification: ProjectionVerification, switchSeconds: Double) {
        self.readModel = readModel
        self.version = version
        self.tableName = tableName
        self.resumed = resumed
        self.events = events
        self.verification = verification
        self.switchSeconds = switchSeconds
    }
}
