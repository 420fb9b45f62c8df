extension UInt32 {
    /// The circular right shift ROTR^n(x) of FIPS 180-4 section 3.2, for 0 < n < 32.
    @inline(__always)
    func rotatedRight(by count: UInt32) -> UInt32 {
        (self &>> count) | (self &<< (32 &- count))
    }
}
