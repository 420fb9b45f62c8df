import ArgumentParser
import PostgresClient
import PostgresStore

/// A PostgreSQL failure on its way to stderr and exit status 3 (or 1 for a changed migration).
struct InfrastructureFailure: Error, CustomStringConvertible {
    let error: any Error

    init(_ error: any Error) {
        self.error = error
    }

    var description: String { String(describing: error) }

    var exitCode: ExitCode {
        switch (error as? PostgresError)?.kind {
        case .migrationChanged: return ExitStatus.refused
        case .invalidConnectionString: return ExitStatus.usage
        default: return ExitStatus.infrastructure
        }
    }
}
