@testable import PersonalDataProtection
import Testing

@Suite("FieldCipher round trips")
struct FieldCipherRoundTripTests {
    @Test("text comes back unchanged", arguments: [
        "Ada Lovelace",
        "ada@example.org",
        "+44 20 7946 0958",
        "Zoë Ångström 李小龍",
        "",
        "emoji 👩🏽‍💻 and a combining e\u{301}",
    ])
    func textRoundTrip(text: String) throws {
        let key = try CustomerKey.generate()
        let sealed = try FieldCipher.seal(text, with: key, associatedData: eventIdentifier)
        #expect(try FieldCipher.openText(sealed, with: key, associatedData: eventIdentifier) == text)
        // Through the stored text too, as it will come back from the database.
        let readBack = try SealedField(text: sealed.text)
        #expect(readBack == sealed)
        #expect(try FieldCipher.openText(readBack, with: key, associatedData: eventIdentifier) == text)
    }

    @Test("the ciphertext is as long as the plaintext, between a 12-byte nonce and a 16-byte tag")
    func layout() throws {
        let key = try CustomerKey.generate()
        for length in [0, 1, 15, 16, 17, 300] {
            let plaintext = [UInt8](repeating: 0x61, count: length)
            let sealed = try FieldCipher.seal(plaintext, with: key, associatedData: [])
            #expect(sealed.bytes.count == 12 + length + 16)
            #expect(sealed.text.hasPrefix("v1."))
            #expect(try FieldCipher.open(sealed, with: key, associatedData: []) == plaintext)
        }
    }

    @Test("sealing the same text twice gives two fields with different nonces, and both open")
    func freshNonce() throws {
        let key = try CustomerKey.generate()
        let first = try FieldCipher.seal("Zoë Ångström", with: key, associatedData: eventIdentifier)
        let second = try FieldCipher.seal("Zoë Ångström", with: key, associatedData: eventIdentifier)
        #expect(first.text != second.text)
        #expect(first.nonce != second.nonce)
        #expect(try FieldCipher.openText(first, with: key, associatedData: eventIdentifier) == "Zoë Ångström")
        #expect(try FieldCipher.openText(second, with: key, associatedData: eventIdentifier) == "Zoë Ångström")
    }

    @Test("bytes that are not UTF-8 open as bytes but are refused as text")
    func notText() throws {
        let key = try CustomerKey.generate()
        let invalid: [UInt8] = [0x41, 0xC3, 0x28, 0xFF]
        let sealed = try FieldCipher.seal(invalid, with: key, associatedData: eventIdentifier)
        #expect(try FieldCipher.open(sealed, with: key, associatedData: eventIdentifier) == invalid)
        #expect(throws: FieldCipherError.notText) {
            try FieldCipher.openText(sealed, with: key, associatedData: eventIdentifier)
        }
    }
}
