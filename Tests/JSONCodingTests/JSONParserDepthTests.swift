import JSONCoding
import Testing

@Suite("Parsing and the nesting limit")
struct JSONParserDepthTests {
    /// `depth` arrays nested inside each other.
    static func nestedArrays(depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    /// `depth` objects nested through the key "a", with 1 innermost.
    static func nestedObjects(depth: Int) -> String {
        String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    }

    /// How many containers deep a value goes, walking only its first child.
    static func depth(of value: JSONValue) -> Int {
        var depth = 0
        var current = value
        while true {
            switch current {
            case .array(let elements):
                depth += 1
                guard let first = elements.first else { return depth }
                current = first
            case .object(let object):
                depth += 1
                guard let first = object.members.first else { return depth }
                current = first.value
            default:
                return depth
            }
        }
    }

    @Test("Arrays exactly at the default limit parse")
    func arraysAtLimit() throws {
        let parsed = try JSONParser.parse(Self.nestedArrays(depth: JSONParser.defaultMaximumDepth))
        #expect(Self.depth(of: parsed) == 64)
    }

    @Test("Arrays one level over the default limit are refused at the extra bracket")
    func arraysOverLimit() throws {
        let error = try #require(JSONParser.failure(parsing: Self.nestedArrays(depth: 65)))
        #expect(error.kind == .tooDeep(limit: 64))
        #expect(error.byteOffset == 64)
        #expect(error.description == "nesting deeper than 64 levels at byte 64")
    }

    @Test("Objects at and one over the default limit")
    func objects() throws {
        #expect(Self.depth(of: try JSONParser.parse(Self.nestedObjects(depth: 64))) == 64)
        let error = try #require(JSONParser.failure(parsing: Self.nestedObjects(depth: 65)))
        #expect(error.kind == .tooDeep(limit: 64))
        #expect(error.byteOffset == 5 * 64)
    }

    @Test("Empty containers count as a level too")
    func emptyContainersCount() throws {
        let atLimit = String(repeating: "[", count: 63) + "{}" + String(repeating: "]", count: 63)
        #expect(Self.depth(of: try JSONParser.parse(atLimit)) == 64)
        let overLimit = String(repeating: "[", count: 64) + "{}" + String(repeating: "]", count: 64)
        #expect(JSONParser.failure(parsing: overLimit)?.kind == .tooDeep(limit: 64))
    }

    @Test("A caller-chosen limit applies in both directions", arguments: [0, 1, 3, 200])
    func customLimit(limit: Int) throws {
        #expect(try JSONParser.parse("1", maximumDepth: limit) == 1)
        if limit > 0 {
            let parsed = try JSONParser.parse(Self.nestedArrays(depth: limit), maximumDepth: limit)
            #expect(Self.depth(of: parsed) == limit)
        }
        let error = try #require(JSONParser.failure(parsing: Self.nestedArrays(depth: limit + 1), maximumDepth: limit))
        #expect(error.kind == .tooDeep(limit: limit))
        #expect(error.byteOffset == limit)
    }

    @Test("A negative limit refuses every container but still reads scalars")
    func negativeLimit() throws {
        #expect(try JSONParser.parse("\"text\"", maximumDepth: -1) == "text")
        #expect(JSONParser.failure(parsing: "[]", maximumDepth: -1) == JSONParseError(kind: .tooDeep(limit: -1), byteOffset: 0))
        #expect(JSONParser.failure(parsing: " {}", maximumDepth: -1) == JSONParseError(kind: .tooDeep(limit: -1), byteOffset: 1))
    }

    @Test("100,000 opening brackets are refused without exhausting the stack")
    func hostileDepth() throws {
        let hostile = String(repeating: "[", count: 100_000)
        let error = try #require(JSONParser.failure(parsing: hostile))
        #expect(error.kind == .tooDeep(limit: 64))
        #expect(error.byteOffset == 64)

        let hostileObjects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(JSONParser.failure(parsing: hostileObjects)?.kind == .tooDeep(limit: 64))
    }

    @Test("Siblings do not add depth")
    func siblings() throws {
        let wide = "[" + Array(repeating: Self.nestedArrays(depth: 63), count: 1_000).joined(separator: ",") + "]"
        let parsed = try JSONParser.parse(wide)
        #expect(parsed.arrayValue?.count == 1_000)
        #expect(Self.depth(of: parsed) == 64)
    }
}
