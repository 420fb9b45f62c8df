import JSONCoding
import Testing

@Suite("Writing then parsing")
struct JSONRoundTripTests {
    static let trickyStrings: [String] = [
        "", " ", "\"", "\\", "\\\"", "\"\\\"", "/", "\\/", "\u{0}", "a\u{0}b", "\u{1F}", "\u{7F}",
        "\u{8}\u{C}\n\r\t", "line one\nline two", "😀", "🧾 receipt", "👩‍👩‍👧", "e\u{301}", "\u{2028}", "\u{2029}",
        "\u{FEFF}", "\u{FFFD}", "\u{10FFFF}", "{\"not\":\"json\"}", "\\u0041", String(repeating: "x\"\\", count: 400),
    ]

    @Test("Tricky strings survive as values and as keys", arguments: trickyStrings)
    func trickyString(string: String) throws {
        let value: JSONValue = ["key": .string(string), string: [.string(string)]]
        let compact = try JSONParser.parse(value.serialized())
        #expect(compact == value)
        #expect(compact.objectValue?["key"]?.stringValue.map { Array($0.unicodeScalars) } == Array(string.unicodeScalars))
        #expect(try JSONParser.parse(value.serialized(indentedBy: 2)) == value)
    }

    @Test("Seeded random values round-trip through both styles with identical bytes", arguments: [1, 2, 3])
    func randomValues(seed: UInt64) throws {
        var generator = RandomJSONValueGenerator(seed: seed)
        for _ in 0..<1_000 {
            let value = generator.value()
            let compact = value.serialized()
            let reparsed = try JSONParser.parse(compact)
            #expect(reparsed == value)
            // String equality is canonical equivalence, so compare bytes too: nothing was normalised on the way.
            #expect(reparsed.serializedUTF8() == Array(compact.utf8))
            #expect(try JSONParser.parse(value.serialized(indentedBy: 2)) == value)
        }
    }

    @Test("Random number literals are accepted by the parser and kept verbatim")
    func randomNumbers() throws {
        var generator = RandomJSONValueGenerator(seed: 0x5eed)
        for _ in 0..<2_000 {
            let literal = generator.numberLiteral()
            #expect(try JSONParser.parse(literal) == .number(literal))
        }
    }
}
