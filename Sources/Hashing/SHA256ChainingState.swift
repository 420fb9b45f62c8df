/// The eight 32-bit words of the intermediate hash value H(i) from FIPS 180-4 section 6.2.
struct SHA256ChainingState: Sendable {
    // Separate stored words instead of an array keep the state in registers and off the heap.
    var word0: UInt32 = 0x6a09_e667
    var word1: UInt32 = 0xbb67_ae85
    var word2: UInt32 = 0x3c6e_f372
    var word3: UInt32 = 0xa54f_f53a
    var word4: UInt32 = 0x510e_527f
    var word5: UInt32 = 0x9b05_688c
    var word6: UInt32 = 0x1f83_d9ab
    var word7: UInt32 = 0x5be0_cd19

    /// Serializes the state big-endian, which is the digest once the padded message is processed.
    func digest() -> SHA256Digest {
        let bytes = [UInt8](unsafeUninitializedCapacity: SHA256Digest.byteCount) { output, initializedCount in
            let raw = UnsafeMutableRawBufferPointer(output)
            for (index, word) in [word0, word1, word2, word3, word4, word5, word6, word7].enumerated() {
                raw.storeBytes(of: word.bigEndian, toByteOffset: index &* 4, as: UInt32.self)
            }
            initializedCount = SHA256Digest.byteCount
        }
        return SHA256Digest(validatedBytes: bytes)
    }
}
