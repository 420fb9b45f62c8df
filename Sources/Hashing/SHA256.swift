/// A streaming SHA-256 hasher as defined by FIPS 180-4: feed it bytes, then finalize it once.
///
/// The padding, block buffering and rounds are OpenSSL's, through its EVP interface, which uses the
/// processor's SHA instructions where it has them: `audit verify` and `import` hash every event.
public struct SHA256: Sendable {
    /// How many bytes of a sequence without contiguous storage are staged at a time, since OpenSSL
    /// reads only contiguous memory.
    static let stagingByteCount = 256

    /// The running computation; shared between copies of a hasher until one of them changes.
    private var context = SHA256Context()

    /// Creates a hasher for an empty message.
    public init() {}

    /// Appends bytes to the message; arrays, buffers and native strings' UTF-8 views are taken as one
    /// block of memory, other sequences byte by byte.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let tookContiguousPath = bytes.withContiguousStorageIfAvailable { buffer in
            ownContext().update(UnsafeRawBufferPointer(buffer))
        } != nil
        if tookContiguousPath { return }
        updateByStaging(bytes)
    }

    /// Appends the UTF-8 encoding of `text` to the message.
    public mutating func update(_ text: String) {
        // withUTF8 makes bridged or lazily stored strings contiguous once instead of walking them byte by byte.
        var text = text
        text.withUTF8 { buffer in
            ownContext().update(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Pads the message, processes the last block(s) and returns the digest; the hasher is used up.
    public consuming func finalize() -> SHA256Digest {
        // Finished on a copy even though the hasher is consumed: its caller's own reference lives
        // until this returns, so the context never looks unique here.
        context.digestLeavingStateIntact()
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

    /// The context, first copied when another hasher shares it, so that changing it changes this
    /// hasher only.
    private mutating func ownContext() -> SHA256Context {
        if !isKnownUniquelyReferenced(&context) {
            context = SHA256Context(copying: context)
        }
        return context
    }

    /// Feeds a sequence without contiguous storage through a stack staging area.
    private mutating func updateByStaging(_ bytes: some Sequence<UInt8>) {
        let context = ownContext()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stagingByteCount) { staging in
            var stagedCount = 0
            for byte in bytes {
                staging[stagedCount] = byte
                stagedCount += 1
                if stagedCount == Self.stagingByteCount {
                    context.update(UnsafeRawBufferPointer(staging))
                    stagedCount = 0
                }
            }
            context.update(UnsafeRawBufferPointer(start: staging.baseAddress, count: stagedCount))
        }
    }
}
