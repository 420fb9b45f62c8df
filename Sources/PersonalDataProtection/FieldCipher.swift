import CLibCrypto

/// Seals and opens personal fields with AES-256-GCM through OpenSSL's EVP interface.
///
/// Every seal draws a fresh random 96-bit nonce, so sealing the same text twice gives two
/// different fields; with random nonces NIST SP 800-38D allows 2^32 seals per key, far beyond the
/// fields of one customer. The associated data is the caller's (for customer events: the event id's
/// 16 bytes followed by the payload member's name): it is authenticated but not stored, so a field
/// copied into another event, or into another member of the same event, no longer opens.
public enum FieldCipher {
    /// OpenSSL's AES-256-GCM, fetched once: a fetch looks the name up in the provider tables, and
    /// `EVP_aes_256_gcm()` would fetch it again on every initialisation.
    // nonisolated(unsafe): an EVP_CIPHER is immutable once fetched, and OpenSSL lets threads share it.
    nonisolated(unsafe) static let algorithm: OpaquePointer = {
        guard let algorithm = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) else {
            fatalError("libcrypto has no AES-256-GCM cipher (is its default provider missing?)")
        }
        return algorithm
    }()

    /// Seals `plaintext` under `key`, bound to `associatedData` (for customer events, the event id's bytes and the member's name).
    public static func seal(_ plaintext: [UInt8], with key: CustomerKey, associatedData: [UInt8]) throws(FieldCipherError) -> SealedField {
        let nonce = try RandomBytes.make(count: SealedField.nonceByteCount)
        return try seal(plaintext, with: key, associatedData: associatedData, nonce: nonce)
    }

    /// Seals the UTF-8 bytes of `plaintext` under `key`, bound to `associatedData`.
    public static func seal(_ plaintext: String, with key: CustomerKey, associatedData: [UInt8]) throws(FieldCipherError) -> SealedField {
        try seal(Array(plaintext.utf8), with: key, associatedData: associatedData)
    }

    /// Opens `sealed` with `key` and `associatedData` and returns its plaintext, or throws
    /// `authenticationFailed` when the key or the associated data is not the sealing one or the
    /// field was changed: no byte of an unauthenticated plaintext is ever returned.
    public static func open(_ sealed: SealedField, with key: CustomerKey, associatedData: [UInt8]) throws(FieldCipherError) -> [UInt8] {
        let context = try newContext()
        defer { EVP_CIPHER_CTX_free(context) }
        guard start(context, key: key, nonce: Array(sealed.nonce), encrypting: false) else { throw .library("EVP_DecryptInit_ex2") }
        guard feedAssociatedData(associatedData, to: context, encrypting: false) else {
            throw .library("EVP_DecryptUpdate (associated data)")
        }

        let ciphertext = Array(sealed.ciphertext)
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        var authentic = false
        defer {
            // The bytes are decrypted before the tag is checked: on every way out but success,
            // wipe them rather than leave unauthenticated plaintext in freed memory.
            if !authentic {
                plaintext.withUnsafeMutableBytes { bytes in
                    if let start = bytes.baseAddress { OPENSSL_cleanse(start, bytes.count) }
                }
            }
        }
        guard transform(ciphertext, into: &plaintext, context: context, encrypting: false) else {
            throw .library("EVP_DecryptUpdate")
        }
        var tag = Array(sealed.tag)
        let tagSet = tag.withUnsafeMutableBytes { tag in
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tag.count), tag.baseAddress) == 1
        }
        guard tagSet else { throw .library("EVP_CIPHER_CTX_ctrl (set tag)") }

        // GCM writes nothing at the end; Final only compares the tag.
        var finalCount: Int32 = 0
        var nothing: [UInt8] = [0]
        authentic = nothing.withUnsafeMutableBufferPointer { output in
            EVP_DecryptFinal_ex(context, output.baseAddress, &finalCount) == 1
        } && finalCount == 0
        guard authentic else {
            // Whatever OpenSSL queued for the mismatch is not a library failure to report later.
            ERR_clear_error()
            throw .authenticationFailed
        }
        return plaintext
    }

    /// Opens `sealed` like `open` and returns its plaintext as text; throws `notText` when the
    /// authentic plaintext is not valid UTF-8.
    public static func openText(_ sealed: SealedField, with key: CustomerKey, associatedData: [UInt8]) throws(FieldCipherError) -> String {
        let bytes = try open(sealed, with: key, associatedData: associatedData)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notText }
        return text
    }

    /// Seals `plaintext` with a given `nonce`: the known-answer tests need one, and `seal` passes
    /// its random one. Never call it with a nonce that was used before under the same key: GCM
    /// loses both secrecy and authenticity when a nonce repeats.
    static func seal(_ plaintext: [UInt8], with key: CustomerKey, associatedData: [UInt8], nonce: [UInt8]) throws(FieldCipherError) -> SealedField {
        precondition(nonce.count == SealedField.nonceByteCount, "a GCM nonce here is 12 bytes")
        precondition(plaintext.count <= Int(Int32.max) - SealedField.nonceByteCount - SealedField.tagByteCount, "EVP takes lengths as C ints")
        let context = try newContext()
        defer { EVP_CIPHER_CTX_free(context) }
        guard start(context, key: key, nonce: nonce, encrypting: true) else { throw .library("EVP_EncryptInit_ex2") }
        guard feedAssociatedData(associatedData, to: context, encrypting: true) else {
            throw .library("EVP_EncryptUpdate (associated data)")
        }

        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        guard transform(plaintext, into: &ciphertext, context: context, encrypting: true) else {
            throw .library("EVP_EncryptUpdate")
        }
        // GCM writes nothing at the end; Final computes the tag.
        var finalCount: Int32 = 0
        var nothing: [UInt8] = [0]
        let finished = nothing.withUnsafeMutableBufferPointer { output in
            EVP_EncryptFinal_ex(context, output.baseAddress, &finalCount) == 1
        }
        guard finished, finalCount == 0 else { throw .library("EVP_EncryptFinal_ex") }

        var tag = [UInt8](repeating: 0, count: SealedField.tagByteCount)
        let tagRead = tag.withUnsafeMutableBytes { tag in
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(tag.count), tag.baseAddress) == 1
        }
        guard tagRead else { throw .library("EVP_CIPHER_CTX_ctrl (get tag)") }
        return SealedField(validatedBytes: nonce + ciphertext + tag)
    }

    /// A new cipher context, freed by the caller. One per operation: a context holds the key
    /// schedule, and not keeping it means a key stays in memory no longer than one seal or open.
    private static func newContext() throws(FieldCipherError) -> OpaquePointer {
        guard let context = EVP_CIPHER_CTX_new() else { throw .library("EVP_CIPHER_CTX_new") }
        return context
    }

    /// Readies `context` to encrypt or decrypt with AES-256-GCM under `key` and `nonce`.
    private static func start(_ context: OpaquePointer, key: CustomerKey, nonce: [UInt8], encrypting: Bool) -> Bool {
        key.bytes.withUnsafeBufferPointer { key in
            nonce.withUnsafeBufferPointer { nonce in
                let result = encrypting
                    ? EVP_EncryptInit_ex2(context, algorithm, key.baseAddress, nonce.baseAddress, nil)
                    : EVP_DecryptInit_ex2(context, algorithm, key.baseAddress, nonce.baseAddress, nil)
                return result == 1
            }
        }
    }

    /// Authenticates `associatedData` without encrypting it: an update with no output buffer.
    /// Nothing to do for empty data, whose buffer may have no address.
    private static func feedAssociatedData(_ associatedData: [UInt8], to context: OpaquePointer, encrypting: Bool) -> Bool {
        guard !associatedData.isEmpty else { return true }
        var writtenCount: Int32 = 0
        return associatedData.withUnsafeBufferPointer { input in
            let count = Int32(input.count)
            let result = encrypting
                ? EVP_EncryptUpdate(context, nil, &writtenCount, input.baseAddress, count)
                : EVP_DecryptUpdate(context, nil, &writtenCount, input.baseAddress, count)
            return result == 1 && writtenCount == count
        }
    }

    /// Encrypts or decrypts `input` into `output`, of the same length (GCM is a stream mode).
    private static func transform(_ input: [UInt8], into output: inout [UInt8], context: OpaquePointer, encrypting: Bool) -> Bool {
        guard !input.isEmpty else { return true }
        var writtenCount: Int32 = 0
        let result = input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                let count = Int32(input.count)
                return encrypting
                    ? EVP_EncryptUpdate(context, output.baseAddress, &writtenCount, input.baseAddress, count)
                    : EVP_DecryptUpdate(context, output.baseAddress, &writtenCount, input.baseAddress, count)
            }
        }
        return result == 1 && Int(writtenCount) == input.count
    }
}
