import OrderDomain
import Testing

@Suite("Timestamp parsing")
struct TimestampParsingTests {
    @Test("RFC 3339 in its usual spellings reads back to the same moment", arguments: [
        ("2026-11-24T09:30:00.000001Z", "2026-11-24T09:30:00.000001Z"),
        ("2026-11-24T09:30:00Z", "2026-11-24T09:30:00.000000Z"),
        ("2026-11-24t10:30:00.5+01:00", "2026-11-24T09:30:00.500000Z"),
        ("2026-11-24 04:00:00-05:30", "2026-11-24T09:30:00.000000Z"),
        ("2026-11-24", "2026-11-24T00:00:00.000000Z"),
        ("2024-02-29T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
    ])
    func parses(text: String, canonical: String) throws {
        #expect(try #require(Timestamp(rfc3339: text)).description == canonical)
    }

    @Test("anything else is refused", arguments: [
        "", "yesterday", "2026-13-01", "2025-02-29", "2026-11-24T24:00:00Z", "2026-11-24T09:30:00", "2026-11-24T09:30:00.1234567Z",
        "2026-11-24T09:30:00Z ", "2026-11-24T09:30Z", "+2026-11-24",
    ])
    func refuses(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}
