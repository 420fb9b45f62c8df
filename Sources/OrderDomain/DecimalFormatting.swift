/// Writes an integer count of minor units as a decimal string with a fixed number of fraction digits.
@usableFromInline
enum DecimalFormatting {
    /// `format(1999, fractionDigits: 2)` is `"19.99"`; `format(5, fractionDigits: 3)` is `"0.005"`.
    static func format(_ value: Int64, fractionDigits: Int) -> String {
        let capacity = capacity(fractionDigits: fractionDigits)
        return String(unsafeUninitializedCapacity: capacity) { output in
            let start = writeRightAligned(value, fractionDigits: fractionDigits, into: output)
            let length = capacity - start
            if start > 0 {
                for index in 0..<length { output[index] = output[start + index] }
            }
            return length
        }
    }

    /// The bytes `writeRightAligned` needs: a sign, 20 digits, a point and as many leading zeros as fraction digits at the most.
    @usableFromInline
    static func capacity(fractionDigits: Int) -> Int {
        22 + max(fractionDigits, 0)
    }

    /// Writes `format`'s text at the end of `output` (`capacity` bytes at least) and returns where it starts.
    ///
    /// Digits are written right to left into one small buffer: a replay prints three amounts per event,
    /// and inserting the point into a String was a twentieth of it.
    @usableFromInline
    static func writeRightAligned(_ value: Int64, fractionDigits: Int, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var position = output.count
        func put(_ byte: UInt8) {
            position -= 1
            output[position] = byte
        }
        // magnitude avoids the overflow of negating Int64.min.
        var remaining = value.magnitude
        var written = 0
        repeat {
            if fractionDigits > 0, written == fractionDigits { put(UInt8(ascii: ".")) }
            put(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
            written += 1
        } while remaining > 0 || written <= fractionDigits
        if value < 0 { put(UInt8(ascii: "-")) }
        return position
    }
}
