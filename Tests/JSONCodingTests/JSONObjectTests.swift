import JSONCoding
import Testing

@Suite("JSON objects")
struct JSONObjectTests {
    @Test("The subscript reads the first member with the key")
    func read() {
        let object = JSONObject([
            JSONMember(key: "a", value: 1),
            JSONMember(key: "b", value: 2),
            JSONMember(key: "a", value: 3),
        ])
        #expect(object["a"] == 1)
        #expect(object["b"] == 2)
        #expect(object["missing"] == nil)
    }

    @Test("Setting an existing key replaces the value in place, keeping order")
    func replace() {
        var object: JSONObject = ["first": 1, "second": 2, "third": 3]
        object["second"] = "changed"
        #expect(object.keys == ["first", "second", "third"])
        #expect(object["second"] == "changed")
        #expect(object.count == 3)
    }

    @Test("Setting a new key appends it")
    func append() {
        var object: JSONObject = ["first": 1]
        object["second"] = [true]
        #expect(object.keys == ["first", "second"])
        #expect(object.members.last == JSONMember(key: "second", value: [true]))
    }

    @Test("Setting nil removes the key, including hand-made duplicates")
    func remove() {
        var object = JSONObject([
            JSONMember(key: "a", value: 1),
            JSONMember(key: "b", value: 2),
            JSONMember(key: "a", value: 3),
        ])
        object["a"] = nil
        #expect(object.keys == ["b"])
        #expect(object["a"] == nil)
        object["not there"] = nil
        #expect(object.keys == ["b"])
    }

    @Test("Assigning JSON null stores a null member rather than removing it")
    func storeNull() {
        var object: JSONObject = ["a": 1]
        object["a"] = JSONValue.null
        #expect(object.keys == ["a"])
        #expect(object["a"] == .null)
    }

    @Test("Emptiness and counts follow the members")
    func emptiness() {
        var object = JSONObject()
        #expect(object.isEmpty)
        #expect(object.keys == [])
        object["k"] = 1
        #expect(!object.isEmpty)
        #expect(object.count == 1)
    }

    @Test("Dictionary literals keep their written order; a repeated key keeps the first place and last value")
    func literalOrder() {
        let object: JSONObject = ["zulu": 1, "alpha": 2, "mike": 3, "alpha": 4]
        #expect(object.keys == ["zulu", "alpha", "mike"])
        #expect(object["alpha"] == 4)
    }

    @Test("Equality compares members in order")
    func orderedEquality() {
        let forwards: JSONObject = ["a": 1, "b": 2]
        let backwards: JSONObject = ["b": 2, "a": 1]
        #expect(forwards == ["a": 1, "b": 2])
        #expect(forwards != backwards)
    }
}
