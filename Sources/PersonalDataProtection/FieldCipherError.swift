import CLibCrypto

/// Why a personal field could not be sealed, read back or opened.
///
/// One error for the whole way from stored text to plaintext (`SealedField(text:)` then
/// `FieldCipher.open`), so that a caller handles every refusal in one `switch`.
public enum FieldCipherError: Error, Equatable, Sendable {
    /// The stored text is not a sealed field in any format this library knows: empty, without a
    /// version, not base64url, or too short to hold a nonce and a tag. `reason` says which.
    case malformed(reason: String)

    /// The text names a format version this library does not read (such as `v2`), perhaps written
    /// by a newer orderctl; the version is kept so that the message can say which.
    case unsupportedVersion(String)

    /// The tag did not match: the key is not the one the field was sealed with, the associated
    /// data (for customer events, the event id and the member's name) differs, or the nonce,
    /// ciphertext or tag were changed. GCM cannot tell
    /// these apart, and no plaintext is returned.
    case authenticationFailed

    /// The field opened and authenticated, but its bytes are not UTF-8 text, so they were sealed
    /// as bytes rather than as text; asked for through `FieldCipher.openText`.
    case notText

    /// libcrypto failed where it should not (no random bytes, no AES-256-GCM in its providers, out
    /// of memory). `operation` names the call, `reason` is OpenSSL's own error string.
    case libraryFailure(operation: String, reason: String)

    /// A `libraryFailure` for `operation`, with the reason OpenSSL queued on this thread for it.
    ///
    /// The rest of the queue is cleared, so that a later failure does not report this one's cause.
    static func library(_ operation: String) -> FieldCipherError {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return .libraryFailure(operation: operation, reason: "no reason given") }
        // 256 bytes: OpenSSL documents 256 as enough for any of its error strings.
        var buffer = [CChar](repeating: 0, count: 256)
        let reason = buffer.withUnsafeMutableBufferPointer { text in
            ERR_error_string_n(code, text.baseAddress, text.count)
            return String(cString: text.baseAddress!)
        }
        return .libraryFailure(operation: operation, reason: reason)
    }
}
