import Glibc

/// A 32-byte SHA-256 digest, shown and parsed as 64 lowercase hexadecimal digits.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The number of bytes in a SHA-256 digest.
    public static let byteCount = 32

    /// The digest's 32 bytes, in the order the standard outputs them.
    public let bytes: [UInt8]

    /// Wraps bytes already known to be 32 long, as the hasher produces.
    init(validatedBytes: [UInt8]) {
        bytes = validatedBytes
    }

    /// Wraps stored digest bytes (for example read back from a database); nil unless exactly 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// The lowercase hexadecimal text, as `sha256sum` prints it.
    public var description: String { hexadecimal }
}

extension SHA256Digest {
    /// Whether `stored` holds exactly this digest's bytes: a stored hash checked in place, without an array
    /// of its own. One memory comparison, where a generic element-by-element one was a twentieth of `audit verify`.
    public func matches(_ stored: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == Self.byteCount, let storedStart = stored.baseAddress else { return false }
        return bytes.withUnsafeBufferPointer { computed in computed.baseAddress.map { memcmp($0, storedStart, Self.byteCount) == 0 } ?? false }
    }
}
