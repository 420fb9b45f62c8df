import JSONCoding
import Testing

@Suite("Parsing object keys")
struct JSONParserObjectKeyTests {
    @Test("A repeated key is refused with the key named and its offset")
    func duplicateKey() throws {
        let text = #"{"orderId":"A-1","quantity":2,"x":"abc","orderId":"B"}"#
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .duplicateKey("orderId"))
        #expect(error.byteOffset == 40)
        #expect(error.description == #"duplicate key "orderId" at byte 40"#)
    }

    @Test(
        "Keys are compared after unescaping",
        arguments: [
            (#"{"a":1,"\u0061":2}"#, "a"),
            (#"{"\/":1,"/":2}"#, "/"),
            (#"{"é":1,"\u00e9":2}"#, "é"),
            (#"{"🧾":1,"\ud83e\uddfe":2}"#, "🧾"),
        ]
    )
    func duplicateAfterUnescaping(text: String, key: String) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == .duplicateKey(key))
        // The first member on its own is accepted, so the refusal really is about the repetition.
        let firstComma = try #require(text.firstIndex(of: ","))
        let firstMemberOnly = String(text[..<firstComma]) + "}"
        #expect(try JSONParser.parse(firstMemberOnly).objectValue?.keys == [key])
    }

    @Test("Canonically equivalent keys count as duplicates, matching how the subscript finds keys")
    func canonicallyEquivalentKeys() throws {
        let error = try #require(JSONParser.failure(parsing: "{\"\u{E9}\":1,\"e\u{301}\":2}"))
        #expect(error.kind == .duplicateKey("e\u{301}"))
        #expect(error.byteOffset == 8)
    }

    @Test("The same key in different objects is fine")
    func sameKeyInDifferentObjects() throws {
        let parsed = try JSONParser.parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)
        #expect(parsed.objectValue?["a"]?.objectValue?["a"] == 1)
        #expect(parsed.objectValue?["b"]?.arrayValue?.count == 2)
    }

    @Test("Large objects keep detecting duplicates once past the linear search", arguments: [2, 16, 17, 300])
    func largeObject(keyCount: Int) throws {
        let members = (0..<keyCount).map { #""key\#($0)":\#($0)"# }
        let distinct = "{" + members.joined(separator: ",") + "}"
        let object = try #require(try JSONParser.parse(distinct).objectValue)
        #expect(object.count == keyCount)
        #expect(object.keys.last == "key\(keyCount - 1)")

        for repeatedIndex in [0, keyCount / 2, keyCount - 1] {
            let repeated = "{" + members.joined(separator: ",") + #","key\#(repeatedIndex)":true}"#
            let error = try #require(JSONParser.failure(parsing: repeated))
            #expect(error.kind == .duplicateKey("key\(repeatedIndex)"))
            #expect(error.byteOffset == distinct.utf8.count)
        }
    }

    @Test(
        "Keys must be strings followed by a colon",
        arguments: [
            (#"{1:2}"#, JSONParseError.Kind.unexpectedCharacter, 1),
            (#"{'a':1}"#, .unexpectedCharacter, 1),
            (#"{a:1}"#, .unexpectedCharacter, 1),
            (#"{"a" 1}"#, .unexpectedCharacter, 5),
            (#"{"a"=1}"#, .unexpectedCharacter, 4),
            (#"{"a":1,}"#, .unexpectedCharacter, 7),
            (#"{"a":1 "b":2}"#, .unexpectedCharacter, 7),
            (#"{"a":}"#, .unexpectedCharacter, 5),
            (#"{,}"#, .unexpectedCharacter, 1),
        ]
    )
    func malformedMembers(text: String, kind: JSONParseError.Kind, offset: Int) throws {
        let error = try #require(JSONParser.failure(parsing: text))
        #expect(error.kind == kind)
        #expect(error.byteOffset == offset)
    }
}
