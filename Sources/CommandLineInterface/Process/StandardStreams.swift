#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and standard error with plain `write(2)`: no buffer can hold back a
/// committed result, and no C `FILE` global is shared across threads.
enum StandardStreams {
    /// Writes a line to standard output at once, so a result is visible as soon as it is committed.
    static func printLine(_ text: String) {
        writeAll(text + "\n", to: STDOUT_FILENO)
    }

    /// Writes bytes to standard output at once: whole lines gathered by a bulk command (`export`).
    static func writeToStandardOutput(_ bytes: UnsafeBufferPointer<UInt8>) {
        writeAll(bytes, to: STDOUT_FILENO)
    }

    /// Writes `orderctl: message` to standard error.
    static func printError(_ message: String) {
        writeAll("orderctl: " + message + "\n", to: STDERR_FILENO)
    }

    /// Writes a line to standard error as it is.
    static func printToStandardError(_ text: String) {
        writeAll(text + "\n", to: STDERR_FILENO)
    }

    /// Writes to standard error without a newline (a progress bar redrawn with `\r`).
    static func writeToStandardError(_ text: String) {
        writeAll(text, to: STDERR_FILENO)
    }

    /// Whether standard error is a terminal (a live progress bar) rather than a file or pipe (log lines).
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Ends the process with a status.
    static func terminate(_ status: Int32) -> Never {
        exit(status)
    }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { writeAll($0, to: descriptor) }
    }

    private static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return // a closed pipe: nobody is reading, and the data is already committed
            }
            offset += written
        }
    }
}
