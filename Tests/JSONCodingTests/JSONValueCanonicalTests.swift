import JSONCoding
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
}
