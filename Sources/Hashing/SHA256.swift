/// A streaming SHA-256 hasher as defined by FIPS 180-4: feed it bytes, then finalize it once.
///
/// The padding, block buffering and rounds are OpenSSL's, through its EVP interface, which uses the
/// processor's SHA instructions where it has them: `audit verify` and `import` hash every event.
public struct SHA256: Sendable {
    /// The longest message kept in `gatheredBytes` before the hasher starts a context of its own.
    ///
    /// Events are a few hundred bytes, and in OpenSSL 3.0 every `EVP_DigestInit_ex2` and
    /// `EVP_MD_CTX_copy_ex` frees and reallocates the context's state. A hasher that owned a context
    /// would also need a copy of it to finish: callers keep their own reference to the hasher during
    /// the consuming `finalize()`, so its context never looks unique there. A short message instead
    /// goes to OpenSSL in one piece when it is finalized, on a context borrowed for that moment.
    /// 992 bytes plus the array's header stay within glibc's per-thread cache of small blocks.
    static let gatheringByteLimit = 992

    /// How many bytes of a sequence without contiguous storage are staged at a time, since OpenSSL
    /// reads only contiguous memory.
    static let stagingByteCount = 256

    /// The whole message so far while it is short; empty once `context` has taken over.
    private var gatheredBytes: [UInt8] = []

    /// The running computation once the message outgrew `gatheringByteLimit`; shared between
    /// copies of a hasher until one of them changes.
    private var context: SHA256Context?

    /// Creates a hasher for an empty message.
    public init() {}

    /// Appends bytes to the message; arrays, buffers and native strings' UTF-8 views are taken as one
    /// block of memory, other sequences byte by byte.
    // Inlinable, so that callers' arrays and buffers reach `absorb` without the unspecialized
    // generic path, which looked up type metadata on every call.
    @inlinable
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
        guard let context else {
            return gatheredBytes.withUnsafeBytes { SHA256Context.digest(of: $0) }
        }
        // Finished on a copy even though the hasher is consumed: its caller's own reference lives
        // until this returns, so the context never looks unique here. Paid once per long message.
        return context.digestLeavingStateIntact()
    }

    /// Returns the SHA-256 digest of a whole message in one call.
    @inlinable
    public static func hash(_ bytes: some Sequence<UInt8>) -> SHA256Digest {
        let contiguousDigest = bytes.withContiguousStorageIfAvailable { buffer in
            Self.digest(ofContiguous: UnsafeRawBufferPointer(buffer))
        }
        if let contiguousDigest { return contiguousDigest }
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Returns the SHA-256 digest of two pieces of contiguous memory, one after the other: a message with
    /// a prefix (a hash chain's previous link), hashed in place without gathering the pieces first.
    public static func hash(_ first: UnsafeRawBufferPointer, followedBy second: UnsafeRawBufferPointer) -> SHA256Digest {
        SHA256Context.digest(of: first, followedBy: second)
    }

    /// Returns the SHA-256 digest of the UTF-8 encoding of `text`.
    public static func hash(_ text: String) -> SHA256Digest {
        var text = text
        return text.withUTF8 { buffer in
            Self.digest(ofContiguous: UnsafeRawBufferPointer(buffer))
        }
    }

    /// The digest of a whole message already in contiguous memory, hashed without gathering it.
    @usableFromInline
    static func digest(ofContiguous message: UnsafeRawBufferPointer) -> SHA256Digest {
        SHA256Context.digest(of: message)
    }

    /// Appends contiguous bytes: to `gatheredBytes` while the message stays short, else to the context.
    @usableFromInline
    mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if context == nil && gatheredBytes.count + bytes.count <= Self.gatheringByteLimit {
            if gatheredBytes.capacity == 0 {
                // One allocation that holds any short message, instead of regrowing at each update.
                gatheredBytes.reserveCapacity(Self.gatheringByteLimit)
            }
            gatheredBytes.append(contentsOf: bytes)
            return
        }
        ownContext().update(bytes)
    }

    /// The context that this hasher alone refers to: started from the gathered bytes the first time,
    /// copied first when another hasher shares it, so that changing it changes this hasher only.
    private mutating func ownContext() -> SHA256Context {
        if isKnownUniquelyReferenced(&context), let context {
            return context
        }
        let ownContext = if let sharedContext = context {
            SHA256Context(copying: sharedContext)
        } else {
            gatheredBytes.withUnsafeBytes { SHA256Context(startingWith: $0) }
        }
        gatheredBytes = []
        context = ownContext
        return ownContext
    }

    /// Feeds a sequence without contiguous storage through a stack staging area.
    @usableFromInline
    mutating func updateByStaging(_ bytes: some Sequence<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.stagingByteCount) { staging in
            var stagedCount = 0
            for byte in bytes {
                staging[stagedCount] = byte
                stagedCount += 1
                if stagedCount == Self.stagingByteCount {
                    absorb(UnsafeRawBufferPointer(staging))
                    stagedCount = 0
                }
            }
            absorb(UnsafeRawBufferPointer(start: staging.baseAddress, count: stagedCount))
        }
    }
}
