import CLibCrypto

/// One running SHA-256 computation held by OpenSSL (an `EVP_MD_CTX`), owned by exactly one instance.
///
/// A class so that `deinit` frees the OpenSSL context; `SHA256` keeps value semantics on top of it
/// by copying the context before it changes one that another hasher still refers to.
final class SHA256Context: @unchecked Sendable {
    // @unchecked: `pointer` never changes, and the context behind it is only changed through an
    // instance that one hasher holds alone (SHA256 checks isKnownUniquelyReferenced first); a shared
    // instance is only read, by EVP_MD_CTX_copy_ex.

    /// OpenSSL's SHA-256 implementation, fetched once: a fetch looks the name up in the provider
    /// tables, and with `EVP_sha256()` every `EVP_DigestInit_ex2` would fetch it again.
    // nonisolated(unsafe): an EVP_MD is immutable once fetched, and OpenSSL lets threads share it.
    nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            fatalError("libcrypto has no SHA256 digest (is its default provider missing?)")
        }
        return algorithm
    }()

    /// The `EVP_MD_CTX` this instance owns.
    private let pointer: OpaquePointer

    /// Creates a context that has taken in `message`, the first bytes of a message.
    init(startingWith message: UnsafeRawBufferPointer) {
        guard let pointer = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.pointer = pointer
        Self.start(pointer)
        Self.feed(message, to: pointer)
    }

    /// Creates a context in the same state as `original`, which stays as it was.
    init(copying original: SHA256Context) {
        guard let pointer = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.pointer = pointer
        precondition(EVP_MD_CTX_copy_ex(pointer, original.pointer) == 1, "EVP_MD_CTX_copy_ex failed")
    }

    deinit {
        EVP_MD_CTX_free(pointer)
    }

    /// Appends `bytes` to the message.
    func update(_ bytes: UnsafeRawBufferPointer) {
        Self.feed(bytes, to: pointer)
    }

    /// Returns the digest of the message so far, finishing it on a spare copy so that this context,
    /// which other hashers may share, can go on with the message.
    func digestLeavingStateIntact() -> SHA256Digest {
        SpareDigestContexts.borrow { scratch in
            precondition(EVP_MD_CTX_copy_ex(scratch, pointer) == 1, "EVP_MD_CTX_copy_ex failed")
            return Self.finish(scratch)
        }
    }

    /// Returns the SHA-256 digest of `message` on a spare context, without a context of its own.
    static func digest(of message: UnsafeRawBufferPointer) -> SHA256Digest {
        digest(of: message, followedBy: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Returns the SHA-256 digest of `first` followed by `second`, on a spare context.
    static func digest(of first: UnsafeRawBufferPointer, followedBy second: UnsafeRawBufferPointer) -> SHA256Digest {
        SpareDigestContexts.borrow { context in
            start(context)
            feed(first, to: context)
            feed(second, to: context)
            return finish(context)
        }
    }

    /// Readies `context`, whatever it held, for the first byte of a SHA-256 message.
    private static func start(_ context: OpaquePointer) {
        precondition(EVP_DigestInit_ex2(context, algorithm, nil) == 1, "EVP_DigestInit_ex2 failed for SHA256")
    }

    /// Appends `bytes` to the message `context` holds.
    private static func feed(_ bytes: UnsafeRawBufferPointer, to context: OpaquePointer) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(EVP_DigestUpdate(context, start, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Pads and finishes the message `context` holds and returns its digest.
    private static func finish(_ context: OpaquePointer) -> SHA256Digest {
        // A literal rather than Array(unsafeUninitializedCapacity:), which looks up the array's
        // generic metadata on every call: about 60 ns of a 500 ns event hash.
        var bytes: [UInt8] = [
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]
        var writtenCount: UInt32 = 0
        let succeeded = bytes.withUnsafeMutableBufferPointer { output in
            EVP_DigestFinal_ex(context, output.baseAddress, &writtenCount) == 1
        }
        precondition(succeeded, "EVP_DigestFinal_ex failed")
        precondition(writtenCount == SHA256Digest.byteCount, "SHA256 wrote \(writtenCount) bytes, not 32")
        return SHA256Digest(validatedBytes: bytes)
    }
}
