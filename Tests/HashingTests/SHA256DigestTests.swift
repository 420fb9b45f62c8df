import Hashing
import Testing

@Suite("SHA-256 digest values")
struct SHA256DigestTests {
    static let abcHexadecimal = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test("A digest has 32 bytes and 64 lowercase hexadecimal digits")
    func shape() {
        let digest = SHA256.hash("abc")
        #expect(digest.bytes.count == 32)
        #expect(digest.bytes.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
        #expect(digest.hexadecimal == Self.abcHexadecimal)
        #expect(digest.description == Self.abcHexadecimal)
    }

    @Test("Hexadecimal text round-trips through init?(hexadecimal:)", arguments: ["", "abc", "orderctl"])
    func hexadecimalRoundTrip(_ message: String) throws {
        let digest = SHA256.hash(message)
        let parsed = try #require(SHA256Digest(hexadecimal: digest.hexadecimal))
        #expect(parsed == digest)
        #expect(parsed.bytes == digest.bytes)
        #expect(parsed.hashValue == digest.hashValue)
    }

    @Test("Uppercase digits are accepted and printed back in lowercase")
    func uppercase() throws {
        let parsed = try #require(SHA256Digest(hexadecimal: Self.abcHexadecimal.uppercased()))
        #expect(parsed == SHA256.hash("abc"))
        #expect(parsed.hexadecimal == Self.abcHexadecimal)
    }

    @Test(
        "Malformed hexadecimal text is refused",
        arguments: [
            "",
            String(abcHexadecimal.dropLast()),
            abcHexadecimal + "0",
            String(abcHexadecimal.dropLast()) + "g",
            " " + String(abcHexadecimal.dropLast()),
            String(abcHexadecimal.dropLast(2)) + "é",
        ]
    )
    func malformed(_ text: String) {
        #expect(SHA256Digest(hexadecimal: text) == nil)
    }

    @Test("Digest bytes are accepted only at 32 bytes")
    func fromBytes() throws {
        let digest = SHA256.hash("abc")
        #expect(try #require(SHA256Digest(bytes: digest.bytes)) == digest)
        #expect(SHA256Digest(bytes: Array(digest.bytes.dropLast())) == nil)
        #expect(SHA256Digest(bytes: digest.bytes + [0]) == nil)
    }
}
