import CLibCrypto

/// Random bytes from OpenSSL's `RAND_bytes`, its generator seeded from the operating system: the
/// source of customer keys and of every nonce.
enum RandomBytes {
    /// `count` random bytes, or a library failure when the generator cannot produce them (it is
    /// not seeded): a key or nonce must never fall back to anything weaker.
    static func make(count: Int) throws(FieldCipherError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let succeeded = bytes.withUnsafeMutableBufferPointer { buffer in
            RAND_bytes(buffer.baseAddress, Int32(buffer.count)) == 1
        }
        guard succeeded else { throw FieldCipherError.library("RAND_bytes") }
        return bytes
    }
}
