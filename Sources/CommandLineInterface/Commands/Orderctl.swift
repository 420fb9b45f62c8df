import ArgumentParser

/// The `orderctl` command: an event-sourced order service on PostgreSQL.
public struct Orderctl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "orderctl",
        abstract: "An event-sourced order service on PostgreSQL.",
        discussion: """
        Connection: --database-url URL, else $DATABASE_URL, else libpq's defaults (PGHOST, PGPORT, ...).
        Exit status: 0 done, 1 some work refused or not found, 2 usage error, 3 database unreachable, lost or not migrated.
        """,
        subcommands: [
            MigrateCommand.self, SubmitCommand.self, QueryCommand.self, CustomerAdministrationCommand.self, ProjectionsCommand.self, ReplayCommand.self, ExportCommand.self,
            ImportCommand.self, AuditCommand.self, NotifyCommand.self,
        ]
    )

    public init() {}

    /// Parses the command line, runs the subcommand in `environment` and exits with its status.
    public static func runAsMain(in environment: ApplicationEnvironment) -> Never {
        ApplicationEnvironment.$bound.withValue(environment) { runAsMain() }
    }

    private static func runAsMain() -> Never {
        do {
            var command = try parseAsRoot()
            try command.run()
            StandardStreams.terminate(0)
        } catch let failure as InfrastructureFailure {
            StandardStreams.printError(failure.description)
            StandardStreams.terminate(failure.exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            // ArgumentParser answers usage errors with 64 (EX_USAGE); docs/reference.md says 2.
            if code == .validationFailure {
                StandardStreams.printLine(fullMessage(for: error), to: .error)
                StandardStreams.terminate(ExitStatus.usage.rawValue)
            }
            if code == .success || code == ExitStatus.refused || code == ExitStatus.usage || code == ExitStatus.infrastructure {
                let message = fullMessage(for: error)
                if !message.isEmpty { print(message) }
                StandardStreams.terminate(code.rawValue)
            }
            StandardStreams.printError(String(describing: error))
            StandardStreams.terminate(ExitStatus.infrastructure.rawValue)
        }
    }
}
