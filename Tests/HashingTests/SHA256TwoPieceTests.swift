import Hashing
import Testing

@Suite("SHA-256 of a prefix followed by a message, hashed in place")
struct SHA256TwoPieceTests {
    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    @Test("the same digest as the whole message hashed at once, whatever the split", arguments: [(0, 0), (32, 0), (0, 64), (32, 400), (55, 9), (64, 64), (32, 2000)])
    func sameAsWhole(firstCount: Int, secondCount: Int) {
        let first = Self.bytes(firstCount, seed: 1)
        let second = Self.bytes(secondCount, seed: 7)
        let inPlace = first.withUnsafeBytes { firstBytes in
            second.withUnsafeBytes { SHA256.hash(firstBytes, followedBy: $0) }
        }
        #expect(inPlace == SHA256.hash(first + second))
    }

    @Test("the empty message gives the standard's empty digest")
    func empty() {
        let empty = SHA256.hash(UnsafeRawBufferPointer(start: nil, count: 0), followedBy: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(empty.hexadecimal == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
