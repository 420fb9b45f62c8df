@testable import PersonalDataProtection
import Testing

@Suite("FieldCipher known answers")
struct FieldCipherKnownAnswerTests {
    // Test cases 13, 14 and 16 (AES-256, 96-bit IV) from D. McGrew and J. Viega, "The Galois/Counter
    // Mode of Operation (GCM)", revised 2005, Appendix B, as submitted to NIST:
    // https://csrc.nist.rip/groups/ST/toolkit/BCM/documents/proposedmodes/gcm/gcm-spec.pdf
    // (the same values are in the Linux kernel's crypto/testmgr.h and in many crypto libraries).

    /// Test case 16: a 60-byte plaintext (not a whole number of blocks) and 20 bytes of associated data.
    @Test("McGrew & Viega test case 16")
    func testCase16() throws {
        let key = try #require(CustomerKey(bytes: bytes(hexadecimal: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")))
        let plaintext = bytes(hexadecimal:
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        let associatedData = bytes(hexadecimal: "feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let nonce = bytes(hexadecimal: "cafebabefacedbaddecaf888")
        let expectedCiphertext =
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
        let expectedTag = "76fc6ece0f4e1768cddf8853bb2d551b"

        let sealed = try FieldCipher.seal(plaintext, with: key, associatedData: associatedData, nonce: nonce)
        #expect(hexadecimal(Array(sealed.nonce)) == "cafebabefacedbaddecaf888")
        #expect(hexadecimal(Array(sealed.ciphertext)) == expectedCiphertext)
        #expect(hexadecimal(Array(sealed.tag)) == expectedTag)
        #expect(try FieldCipher.open(sealed, with: key, associatedData: associatedData) == plaintext)

        // And the published ciphertext, in the stored format, opens to the published plaintext.
        let published = SealedField(validatedBytes: nonce + bytes(hexadecimal: expectedCiphertext + expectedTag))
        #expect(try FieldCipher.open(SealedField(text: published.text), with: key, associatedData: associatedData) == plaintext)
    }

    /// Test case 13: zero key, zero nonce, nothing to encrypt: the tag alone.
    @Test("McGrew & Viega test case 13")
    func testCase13() throws {
        let key = try #require(CustomerKey(bytes: [UInt8](repeating: 0, count: 32)))
        let sealed = try FieldCipher.seal([], with: key, associatedData: [], nonce: [UInt8](repeating: 0, count: 12))
        #expect(sealed.ciphertext.isEmpty)
        #expect(hexadecimal(Array(sealed.tag)) == "530f8afbc74536b9a963b4f1c4cb738b")
    }

    /// Test case 14: zero key, zero nonce, one zero block.
    @Test("McGrew & Viega test case 14")
    func testCase14() throws {
        let key = try #require(CustomerKey(bytes: [UInt8](repeating: 0, count: 32)))
        let sealed = try FieldCipher.seal([UInt8](repeating: 0, count: 16), with: key, associatedData: [], nonce: [UInt8](repeating: 0, count: 12))
        #expect(hexadecimal(Array(sealed.ciphertext)) == "cea7403d4d606b6e074ec5d3baf39d18")
        #expect(hexadecimal(Array(sealed.tag)) == "d0d1c8a799996bf0265b98b5d48ab919")
    }
}
