extension SHA256ChainingState {
    /// The constants K0...K63: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Runs the compression function over each 64-byte block in `blocks`, whose size must be a multiple of 64.
    mutating func compress(blocks: UnsafeRawBufferPointer) {
        guard let start = blocks.baseAddress else { return }
        let blockCount = blocks.count / SHA256.blockByteCount
        // The schedule lives on the stack and the constants are read through a pointer,
        // so a block costs no allocation and no bounds checks.
        Self.roundConstants.withUnsafeBufferPointer { constants in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                for blockIndex in 0..<blockCount {
                    compress(
                        block: start + blockIndex &* SHA256.blockByteCount,
                        schedule: schedule,
                        constants: constants
                    )
                }
            }
        }
    }

    /// Processes one block: message schedule, 64 rounds, then the addition into H (FIPS 180-4 section 6.2.2).
    @inline(__always)
    private mutating func compress(
        block: UnsafeRawPointer,
        schedule: UnsafeMutableBufferPointer<UInt32>,
        constants: UnsafeBufferPointer<UInt32>
    ) {
        for index in 0..<16 {
            schedule[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self))
        }
        for index in 16..<64 {
            let fifteenBack = schedule[index &- 15]
            let twoBack = schedule[index &- 2]
            let smallSigma0 = fifteenBack.rotatedRight(by: 7) ^ fifteenBack.rotatedRight(by: 18) ^ (fifteenBack >> 3)
            let smallSigma1 = twoBack.rotatedRight(by: 17) ^ twoBack.rotatedRight(by: 19) ^ (twoBack >> 10)
            schedule[index] = smallSigma1 &+ schedule[index &- 7] &+ smallSigma0 &+ schedule[index &- 16]
        }

        // The eight working variables keep the standard's letters so the rounds can be checked against it.
        var a = word0, b = word1, c = word2, d = word3
        var e = word4, f = word5, g = word6, h = word7
        for index in 0..<64 {
            let bigSigma1 = e.rotatedRight(by: 6) ^ e.rotatedRight(by: 11) ^ e.rotatedRight(by: 25)
            let choice = (e & f) ^ (~e & g)
            let firstTemporary = h &+ bigSigma1 &+ choice &+ constants[index] &+ schedule[index]
            let bigSigma0 = a.rotatedRight(by: 2) ^ a.rotatedRight(by: 13) ^ a.rotatedRight(by: 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let secondTemporary = bigSigma0 &+ majority
            h = g
            g = f
            f = e
            e = d &+ firstTemporary
            d = c
            c = b
            b = a
            a = firstTemporary &+ secondTemporary
        }
        word0 &+= a
        word1 &+= b
        word2 &+= c
        word3 &+= d
        word4 &+= e
        word5 &+= f
        word6 &+= g
        word7 &+= h
    }
}
