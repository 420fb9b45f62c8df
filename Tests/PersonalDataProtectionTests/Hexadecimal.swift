/// Bytes from a hexadecimal string, as test vectors are published; traps on a bad digit, which
/// would be a typo in a test.
func bytes(hexadecimal: String) -> [UInt8] {
    let digits = Array(hexadecimal.utf8)
    precondition(digits.count % 2 == 0, "odd number of hexadecimal digits")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(decoding: digits[index ..< index + 2], as: UTF8.self), radix: 16)!
    }
}

/// `bytes` as lowercase hexadecimal, for comparing with published vectors and for looking for a
/// key in printed text.
func hexadecimal(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

/// An event id's bytes, as the associated data will be in the event store.
let eventIdentifier: [UInt8] = Array("0190d3c2-7a4e-7b1a-9c3d-5e6f708192a3".utf8)
