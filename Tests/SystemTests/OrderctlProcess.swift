import DatabaseTestSupport
import Foundation

/// Runs the built `orderctl` as a separate process, as a user or script would.
enum OrderctlProcess {
    /// The binary `make test` names in `ORDERCTL_BINARY`, else the debug build in this checkout.
    static func binary() throws -> URL {
        let path = ProcessInfo.processInfo.environment["ORDERCTL_BINARY"]
            ?? TestDatabase.repositoryRoot.appendingPathComponent(".build/debug/orderctl").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MissingBinary(path: path)
        }
        return URL(fileURLWithPath: path)
    }

    /// Starts orderctl in the repository root; `environment` replaces the inherited one (which loses
    /// `DATABASE_URL`, so only the arguments pick the database).
    static func launch(_ arguments: [String], environment: [String: String]? = nil) throws -> RunningOrderctl {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = TestDatabase.repositoryRoot
        var inherited = ProcessInfo.processInfo.environment
        inherited.removeValue(forKey: "DATABASE_URL")
        process.environment = environment ?? inherited
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return RunningOrderctl(
            process: process, input: input.fileHandleForWriting,
            output: StreamWatcher(output.fileHandleForReading), errors: StreamWatcher(errors.fileHandleForReading)
        )
    }

    /// Runs to the end with optional standard input; a run that hangs is killed and reported.
    static func run(
        _ arguments: [String], input: Data? = nil, environment: [String: String]? = nil, hangLimitSeconds: Double = 60
    ) throws -> OrderctlOutcome {
        let running = try launch(arguments, environment: environment)
        if let input { try running.send(input) }
        return try running.finish(hangLimitSeconds: hangLimitSeconds, arguments: arguments)
    }

    struct MissingBinary: Error, CustomStringConvertible {
        let path: String
        var description: String { "orderctl is not built at \(path): run `make test`, which builds it and sets ORDERCTL_BINARY" }
    }

    struct Hung: Error, CustomStringConvertible {
        let arguments: [String]
        let seconds: Double
        var description: String { "orderctl \(arguments.joined(separator: " ")) did not finish within \(Int(seconds)) s and was killed" }
    }
}
