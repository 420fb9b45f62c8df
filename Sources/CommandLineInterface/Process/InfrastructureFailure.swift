import ArgumentParser
import OrderService

/// A store failure on its way to stderr and its exit status: 3 for an outage or an outdated schema,
/// 2 for a malformed address, 1 for a changed migration.
struct InfrastructureFailure: Error, CustomStringConvertible {
    let error: any Error

    init(_ error: any Error) {
        self.error = error
    }

    var description: String { String(describing: error) }

    var exitCode: ExitCode {
        guard let failure = error as? StoreFailure else { return ExitStatus.infrastructure }
        return Self.exitStatus(of: failure.kind)
    }

    /// The exit status a failure of this kind ends a subcommand with.
    static func exitStatus(of kind: StoreFailure.Kind) -> ExitCode {
        switch kind {
        case .migrationChanged: ExitStatus.refused
        case .invalidAddress: ExitStatus.usage
        case .unreachable, .connectionLost, .commitUnconfirmed, .readOnly, .schemaOutdated, .permissionDenied, .valueRefused, .conflict, .busy, .corruptRow, .refused:
            ExitStatus.infrastructure
        }
    }
}
