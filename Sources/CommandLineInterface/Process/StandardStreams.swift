#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and standard error with plain `write(2)`: no buffer can hold back a
/// committed result, and no C `FILE` global is shared across threads.
enum StandardStreams {
    /// Standard output (results) or standard error (diagnostics and progress).
    enum Stream {
        case output
        case error

        var descriptor: Int32 {
            switch self {
            case .output: STDOUT_FILENO
            case .error: STDERR_FILENO
            }
        }
    }

    /// Writes `text` and a newline at once, so a result is visible as soon as it is committed.
    static func printLine(_ text: String, to stream: Stream = .output) {
        write(text + "\n", to: stream)
    }

    /// Writes `orderctl: message` and a newline to standard error.
    static func printError(_ message: String) {
        printLine("orderctl: " + message, to: .error)
    }

    /// Writes text as it is, without a newline (a progress bar redrawn with `\r`).
    static func write(_ text: String, to stream: Stream) {
        var text = text
        text.withUTF8 { write($0, to: stream) }
    }

    /// Writes bytes as they are: whole lines gathered by a bulk command (`export`).
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to stream: Stream) {
        if !writeAll(bytes, to: stream.descriptor), stream == .output { outputFailed = true }
    }

    /// Whether a write to standard output failed (a closed pipe, a full disk): every command's output
    /// stands as written until then, but a follower must stop, since what it prints next would not follow
    /// what was printed.
    nonisolated(unsafe) private(set) static var outputFailed = false

    /// Whether standard error is a terminal (a live progress bar) rather than a file or pipe (log lines).
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Ends the process with a status.
    static func terminate(_ status: Int32) -> Never {
        exit(status)
    }
}

/// Writes every byte to the descriptor, resuming after a signal; false when the write failed (a closed
/// pipe: nobody is reading, and the data is already committed). At file scope because inside
/// `StandardStreams` the name `write` means its own functions, not the system call.
private func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}
