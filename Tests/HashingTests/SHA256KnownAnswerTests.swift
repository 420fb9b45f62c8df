import Hashing
import Testing

@Suite("SHA-256 known answers")
struct SHA256KnownAnswerTests {
    /// A message and the digest published for it (NIST examples) or printed by `sha256sum`.
    struct KnownAnswer: Sendable, CustomTestStringConvertible {
        let name: String
        let message: String
        let expectedHexadecimal: String
        var testDescription: String { name }
    }

    static let nistExamples: [KnownAnswer] = [
        KnownAnswer(
            name: "empty message",
            message: "",
            expectedHexadecimal: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ),
        KnownAnswer(
            name: "abc, one block",
            message: "abc",
            expectedHexadecimal: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        ),
        KnownAnswer(
            name: "448 bits, padding spills into a second block",
            message: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            expectedHexadecimal: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        KnownAnswer(
            name: "896 bits, two message blocks",
            message: "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            expectedHexadecimal: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]

    // Digests computed with coreutils `sha256sum` for the first n letters of "abc...xyzabc...":
    // 55 is the longest message whose padding fits one block, 56 the shortest that needs two.
    static let paddingEdges: [KnownAnswer] = [
        KnownAnswer(
            name: "55 bytes",
            message: alphabetCycle(length: 55),
            expectedHexadecimal: "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005"
        ),
        KnownAnswer(
            name: "56 bytes",
            message: alphabetCycle(length: 56),
            expectedHexadecimal: "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51"
        ),
        KnownAnswer(
            name: "63 bytes",
            message: alphabetCycle(length: 63),
            expectedHexadecimal: "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c"
        ),
        KnownAnswer(
            name: "64 bytes",
            message: alphabetCycle(length: 64),
            expectedHexadecimal: "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e"
        ),
        KnownAnswer(
            name: "65 bytes",
            message: alphabetCycle(length: 65),
            expectedHexadecimal: "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d"
        ),
    ]

    /// The first `length` characters of the lowercase alphabet repeated.
    static func alphabetCycle(length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<length).map { alphabet[$0 % alphabet.count] })
    }

    @Test("NIST example messages", arguments: nistExamples)
    func nistExample(_ answer: KnownAnswer) {
        #expect(SHA256.hash(answer.message).hexadecimal == answer.expectedHexadecimal)
    }

    @Test("Padding boundary lengths match sha256sum", arguments: paddingEdges)
    func paddingEdge(_ answer: KnownAnswer) {
        #expect(answer.message.utf8.count == Int(answer.name.prefix(2))!)
        #expect(SHA256.hash(answer.message).hexadecimal == answer.expectedHexadecimal)
        #expect(SHA256.hash(Array(answer.message.utf8)).hexadecimal == answer.expectedHexadecimal)
    }

    @Test("One million repetitions of \"a\", hashed at once and in uneven chunks")
    func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(message).hexadecimal == expected)

        var hasher = SHA256()
        var offset = 0
        var chunkLength = 1
        while offset < message.count {
            let end = min(offset + chunkLength, message.count)
            hasher.update(message[offset..<end])
            offset = end
            chunkLength = chunkLength % 997 + 13
        }
        #expect(hasher.finalize().hexadecimal == expected)
    }
}
