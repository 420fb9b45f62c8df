/// Why a rebuild stopped before switching. The live tables are untouched in every case.
public enum ProjectionRebuildError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The built rows differ from a fresh fold of the log; the build was discarded.
    case verificationFailed(ReadModel, ProjectionVerification)
    /// Asked to stop (SIGINT/SIGTERM); the build is kept and the next rebuild resumes it.
    case interrupted(ReadModel)

    public var description: String {
        switch self {
        case let .verificationFailed(readModel, verification):
            "the rebuilt \(readModel.name) v\(readModel.currentVersion) rows failed verification: \(verification.rows) rows built, "
                + "\(verification.expectedRows) expected from the log up to \(verification.checkpoint), \(verification.differingRows) differing; "
                + "the build was discarded and the live tables are untouched"
        case let .interrupted(readModel):
            "the rebuild of \(readModel.name) was interrupted; the live tables are untouched and `orderctl projections rebuild \(readModel.name)` resumes it"
        }
    }
}
