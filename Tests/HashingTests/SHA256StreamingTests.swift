import Hashing
import Testing

@Suite("SHA-256 streaming")
struct SHA256StreamingTests {
    /// 200 bytes that are not all alike, so a byte dropped or repeated at a split changes the digest.
    static let message: [UInt8] = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }

    // From `sha256sum` over the same 200 bytes.
    static let messageHexadecimal = "2c7e18c942ef065b526a2d4e5546283749cd3ddfb51d8fc71f42717363685f46"

    @Test("The 200-byte message hashes to the sha256sum value")
    func oneShot() {
        #expect(SHA256.hash(Self.message).hexadecimal == Self.messageHexadecimal)
    }

    @Test("Two updates split at every offset equal the one-shot digest", arguments: 0...200)
    func splitOnce(at offset: Int) {
        var hasher = SHA256()
        hasher.update(Self.message[..<offset])
        hasher.update(Self.message[offset...])
        #expect(hasher.finalize().hexadecimal == Self.messageHexadecimal)
    }

    @Test("Three updates around every offset, including an empty middle one", arguments: 0...200)
    func splitTwice(at offset: Int) {
        let secondSplit = min(offset + 64, 200)
        var hasher = SHA256()
        hasher.update(Self.message[..<offset])
        hasher.update([UInt8]())
        hasher.update(Self.message[offset..<secondSplit])
        hasher.update(Self.message[secondSplit...])
        #expect(hasher.finalize().hexadecimal == Self.messageHexadecimal)
    }

    @Test("Byte-at-a-time updates equal the one-shot digest")
    func byteAtATime() {
        var hasher = SHA256()
        for byte in Self.message {
            hasher.update(CollectionOfOne(byte))
        }
        #expect(hasher.finalize().hexadecimal == Self.messageHexadecimal)
    }

    @Test("A sequence without contiguous storage takes the staging path and agrees")
    func nonContiguousSequence() {
        let lazyBytes = (0..<200).lazy.map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        #expect(lazyBytes.withContiguousStorageIfAvailable { _ in true } == nil)
        #expect(SHA256.hash(lazyBytes).hexadecimal == Self.messageHexadecimal)

        // Longer than the staging area, so it is flushed more than once.
        let longLazyBytes = (0..<1_000_000).lazy.map { _ in UInt8(ascii: "a") }
        #expect(
            SHA256.hash(longLazyBytes).hexadecimal
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        )
    }

    @Test("Raw buffers, UTF-8 views and String updates all hash the same bytes")
    func inputKinds() {
        let text = "commande n°42 — ✅ 🧾"
        let expected = SHA256.hash(Array(text.utf8))
        #expect(SHA256.hash(text) == expected)
        #expect(SHA256.hash(text.utf8) == expected)
        Array(text.utf8).withUnsafeBytes { raw in
            #expect(SHA256.hash(raw) == expected)
        }
        var hasher = SHA256()
        hasher.update("commande n°42")
        hasher.update(" — ✅ 🧾".utf8)
        #expect(hasher.finalize() == expected)
    }

    @Test("Different messages give different digests and a hasher copy is independent")
    func copiesAreIndependent() {
        var original = SHA256()
        original.update("prefix")
        var copy = original
        copy.update("-suffix")
        #expect(original.finalize() == SHA256.hash("prefix"))
        #expect(copy.finalize() == SHA256.hash("prefix-suffix"))
        #expect(SHA256.hash("prefix") != SHA256.hash("prefix-suffix"))
    }
}
