@testable import PersonalDataProtection
import Testing

@Suite("SealedField text format")
struct SealedFieldParsingTests {
    /// A well-formed version 1 body: 28 zero bytes, the shortest field (empty plaintext).
    static let shortestBody = String(repeating: "A", count: 38)

    @Test("texts that are no sealed field are malformed", arguments: [
        // Empty, or no version prefix.
        "", "v1", "Ada Lovelace", ".AAAA",
        // Not a version name: wrong case, no digits, stray letters, too long to echo back.
        "V1." + shortestBody, "v." + shortestBody, "vv1." + shortestBody, "v1x." + shortestBody,
        "v01234567890." + shortestBody,
        // Whitespace, padding, the standard (not URL-safe) alphabet, other characters.
        " v1." + shortestBody, "v1." + shortestBody + " ", "v1. " + shortestBody,
        "v1." + shortestBody + "=", "v1." + shortestBody + "==",
        "v1." + String(repeating: "A", count: 36) + "+/", "v1.!!!!", "v1.v1." + shortestBody,
        // A length that leaves one character over, and bits no byte holds in the last character.
        "v1." + String(repeating: "A", count: 41), "v1." + String(repeating: "A", count: 37) + "B",
        // Too short for a 12-byte nonce and a 16-byte tag: nothing, 27 bytes, 26 bytes, 3 bytes.
        "v1.", "v1." + String(repeating: "A", count: 36), "v1." + String(repeating: "A", count: 35), "v1.AAAA",
    ])
    func malformed(text: String) {
        #expect {
            try SealedField(text: text)
        } throws: { error in
            guard case .malformed = error as? FieldCipherError else { return false }
            return true
        }
    }

    @Test("texts of another version are refused by version", arguments: [
        ("v2." + shortestBody, "v2"),
        ("v2.…", "v2"),
        ("v0." + shortestBody, "v0"),
        ("v10.", "v10"),
    ])
    func unsupportedVersion(text: String, version: String) {
        #expect(throws: FieldCipherError.unsupportedVersion(version)) {
            try SealedField(text: text)
        }
    }

    @Test("the shortest version 1 field is 28 bytes: nonce and tag around an empty ciphertext")
    func shortest() throws {
        let field = try SealedField(text: "v1." + Self.shortestBody)
        #expect(field.bytes == [UInt8](repeating: 0, count: 28))
        #expect(field.nonce.count == 12)
        #expect(field.ciphertext.isEmpty)
        #expect(field.tag.count == 16)
        #expect(field.text == "v1." + Self.shortestBody)
    }

    @Test("base64url round trips every length and every byte value canonically")
    func base64URL() {
        let allBytes = (0 ... 255).map { UInt8($0) }
        for length in 0 ... 70 {
            let bytes = Array(allBytes.reversed().prefix(length)) + Array(allBytes.prefix(length))
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text[...]) == bytes)
        }
        #expect(Base64URL.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw")
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }
}
