import SeededRandomness
import JSONCoding
import Testing

@Suite("Parsing document structure")
struct JSONParserStructureTests {
    @Test(
        "Anything after the value is trailing content",
        arguments: [
            ("1 2", 2),
            ("{} {}", 3),
            ("{}\n{}", 3),
            ("[]]", 2),
            ("{},", 2),
            (#""a""b""#, 3),
            ("null null", 5),
            ("true\n\u{0B}", 5),
        ]
    )
    func trailingContent(text: String, offset: Int) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .trailingContent)
        #expect(error.byteOffset == offset)
    }

    @Test("Empty or whitespace-only input is refused as empty", arguments: ["", " ", "\n", " \t\r\n "])
    func emptyInput(text: String) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .emptyInput)
        #expect(error.byteOffset == text.utf8.count)
        #expect(JSONParser.failure(parsing: Array(text.utf8))?.kind == .emptyInput)
    }

    @Test(
        "Misplaced characters are reported at their byte",
        arguments: [
            ("[1,]", JSONParseError.Kind.unexpectedCharacter, 3),
            ("[,1]", .unexpectedCharacter, 1),
            ("[1 2]", .unexpectedCharacter, 3),
            ("[1:2]", .unexpectedCharacter, 2),
            ("]", .unexpectedCharacter, 0),
            ("}", .unexpectedCharacter, 0),
            ("'a'", .unexpectedCharacter, 0),
            ("trUe", .unexpectedCharacter, 2),
            ("nul", .unexpectedEnd, 3),
            ("nullx", .unexpectedCharacter, 4),
            ("true1", .unexpectedCharacter, 4),
            ("[falsey]", .unexpectedCharacter, 6),
            ("None", .unexpectedCharacter, 0),
            ("é", .unexpectedCharacter, 0),
            ("[1}", .unexpectedCharacter, 2),
            (#"{"a":1]"#, .unexpectedCharacter, 6),
        ]
    )
    func misplacedCharacter(text: String, kind: JSONParseError.Kind, offset: Int) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == kind)
        #expect(error.byteOffset == offset)
    }

    @Test(
        "Unclosed containers report the end of input",
        arguments: ["[", "[1", "[1,", "{", #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":1,"#, "[[[]]"]
    )
    func unclosed(text: String) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .unexpectedEnd)
        #expect(error.byteOffset == text.utf8.count)
    }

    @Test("Every prefix of a valid document either parses or throws with an offset inside it")
    func everyPrefix() throws {
        let document = """
            {"command":"placeOrder","orderId":"A-\\u00e9-17","lines":[{"sku":"KB-1","quantity":2,"price":-12.5e-3},\
            {"sku":"🧾 ünïcödé","quantity":10}],"flags":[true,false,null],"note":"tab\\there \\ud83e\\uddfe\\"",\
            "empty":{},"none":[]}
            """
        let bytes = Array(document.utf8)
        #expect(try JSONParser.parse(bytes).objectValue?.count == 7)

        var parsedPrefixLengths: [Int] = []
        var kindsSeen: Set<String> = []
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            if let error = JSONParser.failure(parsing: prefix) {
                #expect(error.byteOffset >= 0 && error.byteOffset <= length, "prefix of \(length) bytes: \(error)")
                kindsSeen.insert(String(describing: error.kind))
            } else {
                parsedPrefixLengths.append(length)
            }
        }
        // The document is one object, so no shorter prefix is a complete value.
        #expect(parsedPrefixLengths.isEmpty)
        #expect(kindsSeen == ["emptyInput", "unexpectedEnd", "invalidUTF8", "invalidNumber"])
    }

    @Test("Seeded random byte corruption never crashes and keeps error offsets in bounds")
    func corruption() throws {
        var random = SplitMix64(seed: 0x0dd_c0ffee)
        let original = Array(#"{"orderId":"A-1","lines":[{"sku":"é🧾","quantity":2,"price":1.5e2}],"paid":false}"#.utf8)
        let replacementBytes: [UInt8] = Array(#"{}[]",:\0-+.eE5 "#.utf8) + [0x00, 0x1f, 0x80, 0xc3, 0xed, 0xff]
        var parsedCount = 0
        var failedCount = 0
        for _ in 0..<3_000 {
            var corrupted = original
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let index = Int.random(in: 0..<corrupted.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: corrupted[index] = replacementBytes.randomElement(using: &random)!
                case 1: corrupted.remove(at: index)
                default: corrupted.insert(replacementBytes.randomElement(using: &random)!, at: index)
                }
                if corrupted.isEmpty { corrupted = [0x20] }
            }
            if let error = JSONParser.failure(parsing: corrupted) {
                failedCount += 1
                #expect(error.byteOffset >= 0 && error.byteOffset <= corrupted.count)
            } else {
                parsedCount += 1
                // Whatever was accepted must survive being written and read again.
                let value = try JSONParser.parse(corrupted)
                #expect(try JSONParser.parse(value.serialized()) == value)
            }
        }
        #expect(failedCount > 0)
        #expect(parsedCount + failedCount == 3_000)
    }
}
