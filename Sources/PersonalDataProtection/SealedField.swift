/// One personal field as it is stored in an event payload: encrypted and authenticated, as text.
///
/// The text format, version 1:
///
///     v1.<base64url without padding of: nonce (12 bytes) || ciphertext || tag (16 bytes)>
///
/// - `v1` names the whole scheme: AES-256-GCM under a `CustomerKey`, a 96-bit nonce, a 128-bit
///   tag, and as associated data the event id's 16 bytes followed by the payload member's name.
///   Another scheme gets another version, so that fields sealed before it stay readable.
/// - The ciphertext is as long as the plaintext (GCM is a stream mode), so an empty field is 28
///   bytes, 38 characters of base64url, plus the prefix.
/// - base64url (RFC 4648 §5) keeps the text inside a JSON string without escapes; it is
///   canonical, so one field has exactly one text.
///
/// Reading the text checks the form only; whether the field is authentic is for `FieldCipher.open`.
public struct SealedField: Sendable, Hashable, CustomStringConvertible {
    /// The length of the nonce at the front of the bytes: GCM's recommended 96 bits.
    static let nonceByteCount = 12
    /// The length of the tag at the end of the bytes: GCM's full 128 bits.
    static let tagByteCount = 16
    /// The prefix of version 1 texts, the only version this library writes.
    static let versionOnePrefix = "v1."
    /// The longest version name read back before giving up: enough for any real version, short
    /// enough that an error does not carry a stranger's long text.
    private static let longestVersion = 10

    /// nonce || ciphertext || tag, at least 28 bytes.
    let bytes: [UInt8]

    /// The field as it is stored: `v1.` and the base64url of nonce, ciphertext and tag.
    public var text: String { Self.versionOnePrefix + Base64URL.encode(bytes) }

    /// The stored text, which shows only ciphertext and so is safe to print.
    public var description: String { text }

    /// Reads a field back from its stored text, refusing anything not in a known format.
    ///
    /// Throws `unsupportedVersion` for a well-formed version prefix other than `v1` (such as
    /// `v2.`), and `malformed` for everything else that is not a version 1 field.
    public init(text: String) throws(FieldCipherError) {
        guard let dot = text.utf8.firstIndex(of: UInt8(ascii: ".")) else {
            throw .malformed(reason: "no version prefix such as v1.")
        }
        let version = text[..<dot]
        let encoded = text[text.index(after: dot)...]
        guard version == "v1" else {
            let digits = version.utf8.dropFirst()
            let isVersion = version.utf8.first == UInt8(ascii: "v") && !digits.isEmpty
                && version.utf8.count <= Self.longestVersion
                && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            if isVersion { throw .unsupportedVersion(String(version)) }
            throw .malformed(reason: "no version prefix such as v1.")
        }
        guard let bytes = Base64URL.decode(encoded) else {
            throw .malformed(reason: "not canonical unpadded base64url after v1.")
        }
        guard bytes.count >= Self.nonceByteCount + Self.tagByteCount else {
            throw .malformed(reason: "\(bytes.count) bytes, too short for a 12-byte nonce and a 16-byte tag")
        }
        // EVP takes lengths as C ints.
        guard bytes.count <= Int(Int32.max) else { throw .malformed(reason: "too long") }
        self.bytes = bytes
    }

    /// A field from nonce || ciphertext || tag already known to be long enough.
    init(validatedBytes: [UInt8]) {
        precondition(validatedBytes.count >= Self.nonceByteCount + Self.tagByteCount)
        self.bytes = validatedBytes
    }

    /// The nonce the field was sealed with.
    var nonce: ArraySlice<UInt8> { bytes[..<Self.nonceByteCount] }
    /// The encrypted plaintext, as long as the plaintext.
    var ciphertext: ArraySlice<UInt8> { bytes[Self.nonceByteCount ..< bytes.count - Self.tagByteCount] }
    /// The authentication tag over the associated data and the ciphertext.
    var tag: ArraySlice<UInt8> { bytes[(bytes.count - Self.tagByteCount)...] }
}
