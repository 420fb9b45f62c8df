#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading the input failed (not a bad line: the file itself could not be read).
public struct LineReaderError: Error, CustomStringConvertible, Sendable {
    /// The `errno` of the failed read.
    public let errorNumber: Int32

    public var description: String { "cannot read the input: " + String(cString: strerror(errorNumber)) }
}
