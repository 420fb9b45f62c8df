import Hashing
import Testing

@Suite("SHA-256 hasher copies")
struct SHA256CopyTests {
    /// `length` bytes that are not all alike: byte i is 7i + 3 modulo 256.
    static func prefix(length: Int) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
    }

    /// A prefix length and the digests of that prefix alone and followed by either suffix.
    struct CopyCase: Sendable, CustomTestStringConvertible {
        let prefixLength: Int
        /// SHA-256 of the prefix.
        let prefixHexadecimal: String
        /// SHA-256 of the prefix followed by "-left".
        let leftHexadecimal: String
        /// SHA-256 of the prefix followed by "-right, longer".
        let rightHexadecimal: String
        var testDescription: String { "\(prefixLength)-byte prefix" }
    }

    // Digests from Python's hashlib. The lengths cover short messages, the kilobyte around which a
    // hasher stops gathering bytes and starts an OpenSSL context of its own, and longer ones.
    static let cases: [CopyCase] = [
        CopyCase(
            prefixLength: 0,
            prefixHexadecimal: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            leftHexadecimal: "28e85f9e83a863a8d716185933b6088a5cd37e22f4daa5c457858c339035ba03",
            rightHexadecimal: "c66963b53f4c04d4efeb459e971a6d9d506563deb5ce8efa6c23fdd67f441aa4"
        ),
        CopyCase(
            prefixLength: 100,
            prefixHexadecimal: "5a2cda2351d1cdd9dd7957e57c0b3c8522451f25b6494569b7e94388c46f0980",
            leftHexadecimal: "2660f072b6965fbfb81ed336a4686f3d6cb7069e76ec484d2045ce51e911dfbd",
            rightHexadecimal: "44524a14af383d32aeb13c98dcfe0fc32b5ca4f2b4ddb0290d0fa2058e2ac6d2"
        ),
        CopyCase(
            prefixLength: 991,
            prefixHexadecimal: "d4cf515ba10719f08888be52fc7f5afd725676d28bd9a21c1be17500ea8fab41",
            leftHexadecimal: "2acfe82f079a175558ecd4a8c9c85dff674e97b0d523598f86f516d5bedcda79",
            rightHexadecimal: "8d24d89996f209797aee71359a777d08024f9c2cd699882cb842a197d9c0c8ba"
        ),
        CopyCase(
            prefixLength: 992,
            prefixHexadecimal: "5e6505a5f44490a7309a9ada632e11c9e2d62e6ddd7fbc12a80956ebeaf10d12",
            leftHexadecimal: "499b19bbefe55cef77bc56562462501894427adcad1bff66de760c3770a2d0d7",
            rightHexadecimal: "d68060f2a63ae3b831a2a37172000c02c438c5e8aa78d14018aeb5c77058942b"
        ),
        CopyCase(
            prefixLength: 993,
            prefixHexadecimal: "e3e904c0fdf62c8b2c2c0e73a800e6cd5104588c8df499da321d10b5be737701",
            leftHexadecimal: "b1da9a5a1abffa894cdafd4f0c012179395c705f4da1a44b6e6ca344542b754f",
            rightHexadecimal: "e81b96f40b5d52ade6140f983b2fa415011021c9b3a88c5220182f04ea511f6e"
        ),
        CopyCase(
            prefixLength: 1500,
            prefixHexadecimal: "3b34240629311f96144fbd49d885f4576c7b6acbe7538025a737439faa429a5d",
            leftHexadecimal: "7e68aa5a47a5d90427b5123756dba8e26b090004fbb4003eeec926f360d71a94",
            rightHexadecimal: "d832dfcfb3b3a9fe1fcf5eea5c8353510a4868a15834e967b23657d9d12b269a"
        ),
        CopyCase(
            prefixLength: 5000,
            prefixHexadecimal: "34398b85297bf7d9dfb59b8d511d8bbb44ab23e891570e4395e7871475fc8afb",
            leftHexadecimal: "f21b4f4bb6e35b8bbe34d89290f4f40669794d690ed60149669d32fbb0ac3772",
            rightHexadecimal: "8b7491d25a5c73cd33de30ecb8c33931a6284d89182b217d64a589ada27b221f"
        ),
    ]

    @Test("A hasher copied mid-message and updated differently gives both messages' digests", arguments: cases)
    func copiesDiverge(_ copyCase: CopyCase) {
        var original = SHA256()
        original.update(Self.prefix(length: copyCase.prefixLength))
        var copy = original
        original.update("-left")
        copy.update("-right, longer".utf8)
        #expect(original.finalize().hexadecimal == copyCase.leftHexadecimal)
        #expect(copy.finalize().hexadecimal == copyCase.rightHexadecimal)
    }

    @Test("Finalizing one copy leaves the others able to go on or finalize", arguments: cases)
    func finalizingOneCopy(_ copyCase: CopyCase) {
        var original = SHA256()
        original.update(Self.prefix(length: copyCase.prefixLength))
        var continued = original
        let untouched = original
        // The original is finalized while both copies still share its state.
        #expect(original.finalize().hexadecimal == copyCase.prefixHexadecimal)
        continued.update("-left")
        #expect(continued.finalize().hexadecimal == copyCase.leftHexadecimal)
        #expect(untouched.finalize().hexadecimal == copyCase.prefixHexadecimal)
    }

    @Test("Copies updated on different tasks do not disturb each other", arguments: [100, 5000])
    func copiesOnTasks(prefixLength: Int) async {
        let prefix = Self.prefix(length: prefixLength)
        var shared = SHA256()
        shared.update(prefix)
        let digests = await withTaskGroup(of: (Int, SHA256Digest).self) { group in
            for index in 0..<8 {
                group.addTask { [shared] in
                    var copy = shared
                    for _ in 0...index {
                        copy.update("-\(index)")
                    }
                    return (index, copy.finalize())
                }
            }
            var digests: [Int: SHA256Digest] = [:]
            for await (index, digest) in group {
                digests[index] = digest
            }
            return digests
        }
        for index in 0..<8 {
            let suffix = Array(repeating: "-\(index)", count: index + 1).joined()
            #expect(digests[index] == SHA256.hash(prefix + Array(suffix.utf8)))
        }
        #expect(shared.finalize() == SHA256.hash(prefix))
    }
}
