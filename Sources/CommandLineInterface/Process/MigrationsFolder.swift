import FoundationEssentials

/// Finds the `sql/` folder when none is named.
enum MigrationsFolder {
    static func locate(explicit: String?) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit, isDirectory: true) }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sql")]
        // From .build/<triple>/debug/orderctl, the repository's sql/ is a few folders up.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("sql"))
        }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent(ApplicationEnvironment.current.storage.latestMigrationName).path) }) {
            return found
        }
        StandardStreams.printError("cannot find the sql/ migrations folder; pass --migrations FOLDER")
        throw ExitStatus.usage
    }
}
