import Hashing
import Testing

@Suite("SHA-256 of messages fed in odd-sized pieces")
struct SHA256OddSizedPiecesTests {
    /// A message length and its digest.
    struct PiecesCase: Sendable, CustomTestStringConvertible {
        let length: Int
        let expectedHexadecimal: String
        var testDescription: String { "\(length) bytes" }
    }

    // Digests from Python's hashlib of `message(length:)`: 600 bytes stays a short message, 50,000
    // bytes passes the kilobyte where a hasher starts an OpenSSL context of its own mid-update.
    static let cases: [PiecesCase] = [
        PiecesCase(length: 600, expectedHexadecimal: "a64c0619e24a965f0f46d0985d74fe6cf37ccc0492e8838240f6c176382405e2"),
        PiecesCase(length: 50_000, expectedHexadecimal: "07e532e94bd8af0fe583eb45949ed49cd5b6790e13f69c48e9cafb706bbd583e"),
    ]

    /// `length` bytes that are not all alike: byte i is 31i + 11 modulo 251, so no piece repeats a block.
    static func message(length: Int) -> [UInt8] {
        (0..<length).map { UInt8(($0 &* 31 &+ 11) % 251) }
    }

    @Test("Pieces of 1, 3, 5, … 127 bytes, as slices, arrays and non-contiguous sequences", arguments: cases)
    func oddPieces(_ piecesCase: PiecesCase) {
        let message = Self.message(length: piecesCase.length)
        var hasher = SHA256()
        var offset = 0
        var pieceIndex = 0
        while offset < message.count {
            let pieceLength = 2 * (pieceIndex % 64) + 1
            let piece = message[offset..<min(offset + pieceLength, message.count)]
            // Each kind of sequence takes its own path into the hasher.
            switch pieceIndex % 3 {
            case 0: hasher.update(piece)
            case 1: hasher.update(Array(piece))
            default: hasher.update(piece.lazy.map { $0 })
            }
            offset += piece.count
            pieceIndex += 1
        }
        #expect(pieceIndex >= 25, "many updates, not a few large ones")
        #expect(hasher.finalize().hexadecimal == piecesCase.expectedHexadecimal)
        #expect(SHA256.hash(message).hexadecimal == piecesCase.expectedHexadecimal)
    }
}
