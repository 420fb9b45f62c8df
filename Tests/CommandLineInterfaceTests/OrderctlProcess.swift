import DatabaseTestSupport
import Foundation

/// Runs the built `orderctl` as a separate process, as a user or script would.
struct OrderctlProcess {
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
        var outputLines: [String] { standardOutput.split(separator: "\n").map(String.init) }
    }

    /// The binary `make test` names in `ORDERCTL_BINARY`, else the debug build in this checkout.
    static func binary() throws -> URL {
        let path = ProcessInfo.processInfo.environment["ORDERCTL_BINARY"]
            ?? TestDatabase.repositoryRoot.appendingPathComponent(".build/debug/orderctl").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw MissingBinary(path: path)
        }
        return URL(fileURLWithPath: path)
    }

    /// Runs with arguments and optional standard input; a run that hangs is killed and reported.
    static func run(_ arguments: [String], input: Data? = nil, hangLimitSeconds: Double = 60) throws -> Outcome {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = TestDatabase.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        process.environment = environment
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        // Drain the pipes while writing, so neither side can block the other.
        let outputData = DataCollector(output.fileHandleForReading)
        let errorData = DataCollector(errors.fileHandleForReading)
        if let input { try stdin.fileHandleForWriting.write(contentsOf: input) }
        try stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(hangLimitSeconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            throw Hung(arguments: arguments)
        }
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData.finish(), as: UTF8.self),
            standardError: String(decoding: errorData.finish(), as: UTF8.self)
        )
    }

    struct MissingBinary: Error, CustomStringConvertible {
        let path: String
        var description: String { "orderctl is not built at \(path): run `make test`, which builds it and sets ORDERCTL_BINARY" }
    }

    struct Hung: Error, CustomStringConvertible {
        let arguments: [String]
        var description: String { "orderctl \(arguments.joined(separator: " ")) did not finish and was killed" }
    }
}

/// Reads a pipe to its end on a background thread.
final class DataCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
