import JSONCoding
import SeededRandomness
import Testing

@Suite("Canonical JSON")
struct JSONValueCanonicalTests {
    @Test("keys sort by their UTF-8 bytes at every depth, numbers become plain decimals, arrays keep their order")
    func canonicalForm() throws {
        let value = try JSONParser.parse(#"{ "b": [3, {"z": 1.0, "a": 2e1}], "a": "x", "é": null, "B": true }"#)
        #expect(String(decoding: value.canonicalUTF8(), as: UTF8.self) == #"{"B":true,"a":"x","b":[3,{"a":20,"z":1}],"é":null}"#)
    }

    @Test("texts that parse to the same data have one canonical form")
    func equalData() throws {
        let first = try JSONParser.parse(#"{"price":"9.99","quantity":2,"nested":{"y":0.50,"x":[]}}"#)
        let second = try JSONParser.parse(#"{"nested":{"x":[],"y":5e-1},"quantity":2.0,"price":"9.99"}"#)
        #expect(first.canonicalUTF8() == second.canonicalUTF8())
    }

    @Test("an object's members come out in the order of their keys' bytes whatever order they came in, many or few")
    func memberOrder() throws {
        let keys = ["", "0", "10", "9", "B", "Z", "a", "a b", "aa", "ab", "abc", "b", "e", "zz", "\u{7f}", "é", "日本"]
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "the expected order is byte order")
        var random = SplitMix64(seed: 11)
        for count in [1, 2, 3, keys.count] {
            for _ in 0..<25 {
                let chosen = Array(keys.shuffled(using: &random).prefix(count))
                let object = JSONObject(chosen.map { JSONMember(key: $0, value: .string($0)) })
                let written = try JSONParser.parse(JSONValue.object(object).canonicalUTF8())
                let expected = chosen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                #expect(written.objectValue?.keys == expected)
                #expect(written.objectValue?.members.allSatisfy { $0.value == .string($0.key) } == true, "each value stays with its key")
            }
        }
    }

    @Test("an object of thousands of members (an imported payload can have them) comes out in byte order too")
    func manyMembers() throws {
        var random = SplitMix64(seed: 5)
        let keys = (0..<5_000).map { "key-\($0)" }.shuffled(using: &random)
        let object = JSONObject(keys.map { JSONMember(key: $0, value: .number("1")) })
        let written = try JSONParser.parse(JSONValue.object(object).canonicalUTF8())
        #expect(written.objectValue?.keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
