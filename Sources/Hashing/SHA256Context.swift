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

    /// Creates a context ready for the first byte of a message.
    init() {
        pointer = Self.newContext()
        precondition(EVP_DigestInit_ex2(pointer, Self.algorithm, nil) == 1, "EVP_DigestInit_ex2 failed for SHA256")
    }

    /// Creates a context in the same state as `original`, which stays as it was.
    init(copying original: SHA256Context) {
        pointer = Self.newContext()
        precondition(EVP_MD_CTX_copy_ex(pointer, original.pointer) == 1, "EVP_MD_CTX_copy_ex failed")
    }

    deinit {
        EVP_MD_CTX_free(pointer)
    }

    /// Appends `bytes` to the message.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(EVP_DigestUpdate(pointer, start, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Returns the digest of the message so far, finishing it on a copy so that this context, which
    /// other hashers may share, can go on with the message.
    func digestLeavingStateIntact() -> SHA256Digest {
        let scratch = SHA256Context(copying: self)
        let bytes = [UInt8](unsafeUninitializedCapacity: SHA256Digest.byteCount) { output, initializedCount in
            var writtenCount: UInt32 = 0
            precondition(EVP_DigestFinal_ex(scratch.pointer, output.baseAddress, &writtenCount) == 1, "EVP_DigestFinal_ex failed")
            precondition(writtenCount == SHA256Digest.byteCount, "SHA256 wrote \(writtenCount) bytes, not 32")
            initializedCount = SHA256Digest.byteCount
        }
        return SHA256Digest(validatedBytes: bytes)
    }

    /// An empty `EVP_MD_CTX`.
    private static func newContext() -> OpaquePointer {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        return context
    }
}
