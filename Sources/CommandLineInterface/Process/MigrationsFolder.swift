import FoundationEssentials

/// Finds the `sql/` folder when none is named.
enum MigrationsFolder {
    static func locate(explicit: String?) throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit, isDirectory: true) }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sql")]
        // From .build/<triple>/debug/orderctl, the repository's sql/ is a few folders up; from an installed
        // PREFIX/bin/orderctl, `make install` put it in PREFIX/share/orderctl/sql.
        var folder = executable.deletingLastPathComponent()
        candidates.append(folder.deletingLastPathComponent().appendingPathComponent("share/orderctl/sql"))
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

    /// The running binary: from the kernel where it says (a command found on PATH has no folder in
    /// its argv[0]), else from argv[0].
    private static var executable: URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }
}
