/// A streaming SHA-256 hasher as defined by FIPS 180-4: feed it bytes, then finalize it once.
public struct SHA256: Sendable {
    /// The size of one message block, in bytes.
    static let blockByteCount = 64

    /// The running hash value H(i) after every whole block seen so far.
    var chainingState = SHA256ChainingState()

    // A fixed-size tuple rather than an array so buffering a partial block never touches the heap.
    var pendingBlock: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

    /// How many leading bytes of `pendingBlock` hold message bytes not yet compressed.
    var pendingByteCount = 0

    /// The message length in bytes; the padding needs it in bits, modulo 2^64 as the standard allows.
    var messageByteCount: UInt64 = 0

    /// Creates a hasher for an empty message.
    public init() {}

    /// Appends bytes to the message; arrays, buffers and native strings' UTF-8 views take a copy-free path.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let tookContiguousPath = bytes.withContiguousStorageIfAvailable { buffer in
            absorb(UnsafeRawBufferPointer(buffer))
        } != nil
        if tookContiguousPath { return }
        updateByStaging(bytes)
    }

    /// Appends the UTF-8 encoding of `text` to the message.
    public mutating func update(_ text: String) {
        // withUTF8 makes bridged or lazily stored strings contiguous once instead of walking them byte by byte.
        var text = text
        text.withUTF8 { buffer in
            absorb(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Pads the message, processes the last block(s) and returns the digest; the hasher is used up.
    public consuming func finalize() -> SHA256Digest {
        let messageBitCount = messageByteCount &* 8
        // One 0x80 byte, zeros up to 56 mod 64, then the 64-bit length: at most two blocks in total.
        let paddingByteCount = pendingByteCount < 56 ? 64 - pendingByteCount : 128 - pendingByteCount
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { padding in
            padding.initializeMemory(as: UInt8.self, repeating: 0)
            padding[0] = 0x80
            padding.storeBytes(
                of: messageBitCount.bigEndian,
                toByteOffset: paddingByteCount - 8,
                as: UInt64.self
            )
            absorb(UnsafeRawBufferPointer(rebasing: padding[..<paddingByteCount]))
        }
        return chainingState.digest()
    }

    /// Returns the SHA-256 digest of a whole message in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of the UTF-8 encoding of `text`.
    public static func hash(_ text: String) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalize()
    }
}
