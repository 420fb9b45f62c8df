@testable import PersonalDataProtection
import Testing

@Suite("FieldCipher refuses what it did not seal")
struct FieldCipherAuthenticationTests {
    @Test("a flipped bit anywhere in nonce, ciphertext or tag fails authentication")
    func everyFlippedBit() throws {
        let key = try CustomerKey.generate()
        let sealed = try FieldCipher.seal("ada@example.org", with: key, associatedData: eventIdentifier)
        // 12 nonce + 15 ciphertext + 16 tag bytes, every bit of each.
        for byteIndex in sealed.bytes.indices {
            for bit in 0 ..< 8 {
                var tampered = sealed.bytes
                tampered[byteIndex] ^= 1 << bit
                let field = SealedField(validatedBytes: tampered)
                // Through the stored text as well, which must still parse: only the tag can tell.
                let reread = try SealedField(text: field.text)
                #expect(throws: FieldCipherError.authenticationFailed, "byte \(byteIndex), bit \(bit)") {
                    try FieldCipher.open(reread, with: key, associatedData: eventIdentifier)
                }
            }
        }
    }

    @Test("a flipped bit in an empty field's nonce or tag fails authentication")
    func emptyFieldFlippedBit() throws {
        let key = try CustomerKey.generate()
        let sealed = try FieldCipher.seal("", with: key, associatedData: eventIdentifier)
        for byteIndex in sealed.bytes.indices {
            var tampered = sealed.bytes
            tampered[byteIndex] ^= 0x80
            #expect(throws: FieldCipherError.authenticationFailed) {
                try FieldCipher.open(SealedField(validatedBytes: tampered), with: key, associatedData: eventIdentifier)
            }
        }
    }

    @Test("another customer's key fails authentication")
    func wrongKey() throws {
        let key = try CustomerKey.generate()
        let otherKey = try CustomerKey.generate()
        let sealed = try FieldCipher.seal("Zoë Ångström 李小龍", with: key, associatedData: eventIdentifier)
        #expect(throws: FieldCipherError.authenticationFailed) {
            try FieldCipher.open(sealed, with: otherKey, associatedData: eventIdentifier)
        }
    }

    @Test("a field moved to another event fails authentication", arguments: [
        Array("0190d3c2-7a4e-7b1a-9c3d-5e6f708192a4".utf8),
        [],
        Array("0190d3c2-7a4e-7b1a-9c3d-5e6f708192a3 ".utf8),
    ] as [[UInt8]])
    func wrongAssociatedData(otherEvent: [UInt8]) throws {
        let key = try CustomerKey.generate()
        let sealed = try FieldCipher.seal("+44 20 7946 0958", with: key, associatedData: eventIdentifier)
        #expect(throws: FieldCipherError.authenticationFailed) {
            try FieldCipher.open(sealed, with: key, associatedData: otherEvent)
        }
    }

    @Test("a field sealed without associated data does not open with some")
    func missingAssociatedData() throws {
        let key = try CustomerKey.generate()
        let sealed = try FieldCipher.seal("Ada", with: key, associatedData: [])
        #expect(throws: FieldCipherError.authenticationFailed) {
            try FieldCipher.open(sealed, with: key, associatedData: eventIdentifier)
        }
        #expect(try FieldCipher.openText(sealed, with: key, associatedData: []) == "Ada")
    }

    @Test("a truncated or extended ciphertext fails authentication")
    func changedLength() throws {
        let key = try CustomerKey.generate()
        let sealed = try FieldCipher.seal("Ada Lovelace", with: key, associatedData: eventIdentifier)
        let nonce = Array(sealed.nonce), ciphertext = Array(sealed.ciphertext), tag = Array(sealed.tag)
        for variant in [nonce + ciphertext.dropLast() + tag, nonce + ciphertext + [0] + tag] {
            #expect(throws: FieldCipherError.authenticationFailed) {
                try FieldCipher.open(SealedField(validatedBytes: variant), with: key, associatedData: eventIdentifier)
            }
        }
    }
}
