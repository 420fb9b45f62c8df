import Foundation

/// An `orderctl` process a test talks to while it runs.
final class RunningOrderctl {
    let process: Process
    private let input: FileHandle
    let output: StreamWatcher
    let errors: StreamWatcher

    init(process: Process, input: FileHandle, output: StreamWatcher, errors: StreamWatcher) {
        self.process = process
        self.input = input
        self.output = output
        self.errors = errors
    }

    /// Writes to the process's standard input.
    func send(_ data: Data) throws {
        try input.write(contentsOf: data)
    }

    /// Closes standard input, waits for the end (killing a run that hangs) and collects the outcome.
    func finish(hangLimitSeconds: Double = 60, arguments: [String] = []) throws -> OrderctlOutcome {
        try input.close()
        let deadline = Date().addingTimeInterval(hangLimitSeconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            throw OrderctlProcess.Hung(arguments: arguments, seconds: hangLimitSeconds)
        }
        process.waitUntilExit()
        return OrderctlOutcome(status: process.terminationStatus, standardOutput: output.finish(), standardError: errors.finish())
    }
}
