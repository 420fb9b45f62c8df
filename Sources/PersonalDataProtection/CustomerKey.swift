/// The random AES-256 key that seals one customer's personal fields.
///
/// Kept apart from the events: deleting a customer's key leaves their sealed fields in the log
/// unreadable by anyone (crypto-shredding), while the log itself stays append-only.
///
/// It never prints its bytes: `description`, `debugDescription` and `dump` all show
/// `CustomerKey(redacted)`, so a key cannot leak through a log line or an error message.
public struct CustomerKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The length of a key in bytes: AES-256 takes 256 bits.
    public static let byteCount = 32

    /// The key's 32 bytes, to be written to the key store and nowhere else.
    public let bytes: [UInt8]

    /// A key read back from storage, or nil when `bytes` is not exactly 32 bytes long.
    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.bytes = bytes
    }

    /// A new key of 32 bytes from OpenSSL's `RAND_bytes`; throws a library failure when the
    /// generator cannot produce them rather than returning a weak key.
    public static func generate() throws(FieldCipherError) -> CustomerKey {
        CustomerKey(validatedBytes: try RandomBytes.make(count: byteCount))
    }

    /// A key from bytes already known to be 32 long.
    private init(validatedBytes: [UInt8]) {
        self.bytes = validatedBytes
    }

    /// `CustomerKey(redacted)`: never the key.
    public var description: String { "CustomerKey(redacted)" }

    /// `CustomerKey(redacted)`: never the key, not even for the debugger's `po` or `String(reflecting:)`.
    public var debugDescription: String { description }

    /// A mirror without children, so that `dump` and `Mirror` do not reach the key's bytes.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
