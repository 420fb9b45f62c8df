#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import ArgumentParser
import FoundationEssentials
import OrderService

/// `orderctl migrate`: creates or upgrades the schema from the numbered files in `sql/`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema from the numbered files in sql/.",
        discussion: """
        Applies each file not yet applied, in order, in its own transaction, and records its name and \
        checksum, then builds any read model that has none yet. Running it again changes nothing. A file that was changed after it was applied is \
        refused (exit 1): put changes in a new numbered file instead.
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("Folder of migration files. Default: the first of ./sql, PREFIX/share/orderctl/sql beside an orderctl installed in PREFIX/bin, and the sql/ folder of the checkout orderctl was built in, that holds this build's newest migration.", valueName: "folder"))
    var migrations: String?

    func run() throws {
        let files = try loadMigrations()
        let session = try connection.open(for: .schemaChange)
        do {
            let report = try session.schema.migrate(files)
            Self.printApplied(report, at: session.location)
            try Self.buildReadModels(of: session.schema)
        } catch {
            throw InfrastructureFailure(error)
        }
    }

    /// The migration files, or a usage failure when the folder cannot be read.
    private func loadMigrations() throws -> [Migration] {
        let folder = try MigrationsFolder.locate(explicit: migrations)
        do {
            return try Migration.load(from: folder)
        } catch {
            StandardStreams.printError("cannot read migrations from \(folder.path): \(Self.describe(error))")
            throw ExitStatus.usage
        }
    }

    /// Tells the operator what the migration changed.
    private static func printApplied(_ report: MigrationReport, at location: String) {
        for name in report.applied { StandardStreams.printLine("applied \(name)", to: .error) }
        if report.sealedEvents > 0 {
            StandardStreams.printLine("sealed \(report.sealedEvents) events written before the hash chain with their links", to: .error)
        }
        StandardStreams.printLine(
            "schema up to date at \(location): \(report.applied.count) applied now, \(report.alreadyApplied.count) already applied",
            to: .error
        )
    }

    /// Builds the read models that have no table yet and names those live at an older version.
    private static func buildReadModels(of schema: any SchemaMaintaining) throws {
        // A folder that stops short of this build's schema (an operator applying files one by one) has
        // no registry to build into yet; the last migrate run builds the read models.
        do {
            try schema.checkCurrent()
        } catch let failure as StoreFailure where failure.kind == .schemaOutdated {
            StandardStreams.printLine("read models not built yet: \(failure.reason)", to: .error)
            return
        }
        for built in try schema.buildMissingReadModels() {
            StandardStreams.printLine("built read model \(built.readModel.name) v\(built.version) from \(built.events) events", to: .error)
        }
        for entry in try schema.registeredTables() where entry.state == .live {
            guard let readModel = entry.readModel, entry.version < readModel.currentVersion else { continue }
            StandardStreams.printLine(
                "read model \(readModel.name) is live at version \(entry.version); this orderctl builds version \(readModel.currentVersion): "
                    + "run `orderctl projections rebuild \(readModel.name)` (writers and queries keep working meanwhile)",
                to: .error
            )
        }
    }
}

extension MigrateCommand {
    /// A file error as the system words it ("No such file or directory" for a file path), without Foundation's
    /// localized descriptions, which need the whole of Foundation loaded at every start.
    static func describe(_ error: any Error) -> String {
        guard let fileError = error as? CocoaError else { return "\(error)" }
        let path = fileError.filePath.map { "\($0): " } ?? ""
        if let posixError = fileError.underlying as? POSIXError {
            return path + String(cString: strerror(posixError.code.rawValue))
        }
        return path + "file error \(fileError.code.rawValue)"
    }
}
