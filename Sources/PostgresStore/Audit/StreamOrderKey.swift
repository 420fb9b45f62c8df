/// A stored `uuid`'s 16 bytes as two big-endian halves: compared as PostgreSQL orders `uuid`s, bytewise.
struct StreamOrderKey: Comparable {
    let high: UInt64
    let low: UInt64

    /// nil unless `bytes` holds exactly 16 bytes.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        (self.high, self.low) = (high, low)
    }

    static func < (left: StreamOrderKey, right: StreamOrderKey) -> Bool {
        (left.high, left.low) < (right.high, right.low)
    }
}
