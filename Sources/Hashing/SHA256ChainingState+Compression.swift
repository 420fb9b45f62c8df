import CLibCrypto

extension SHA256ChainingState {
    /// Runs the compression function (FIPS 180-4 section 6.2.2) over each 64-byte block in `blocks`,
    /// whose size must be a multiple of 64.
    ///
    /// The rounds are OpenSSL's, which use the processor's SHA extensions where it has them: `audit
    /// verify` and `import` hash every event of the log, and the rounds written in Swift were a quarter of
    /// an audit's time. libcrypto comes with libpq already. The padding, buffering and digest stay here.
    mutating func compress(blocks: UnsafeRawBufferPointer) {
        guard let start = blocks.baseAddress else { return }
        let blockCount = blocks.count / SHA256.blockByteCount
        var context = SHA256_CTX()
        context.h = (word0, word1, word2, word3, word4, word5, word6, word7)
        for blockIndex in 0..<blockCount {
            SHA256_Transform(&context, (start + blockIndex &* SHA256.blockByteCount).assumingMemoryBound(to: UInt8.self))
        }
        (word0, word1, word2, word3, word4, word5, word6, word7) = context.h
    }
}
