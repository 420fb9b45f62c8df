import Testing
@testable import OrderDomain

@Suite("Timestamps")
struct TimestampTests {
    @Test("RFC 3339 in UTC with microseconds", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (1_795_900_151_123_456, "2026-11-28T21:09:11.123456Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000000Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        // Outside four digits the year is printed as it is: five digits, or a sign before four.
        (253_402_300_800_000_000, "10000-01-01T00:00:00.000000Z"),
        (-62_167_221_000_000_000, "-0001-12-31T23:30:00.000000Z"),
    ])
    func formatting(microseconds: Int64, text: String) {
        #expect(Timestamp(microsecondsSinceEpoch: microseconds).description == text)
    }

    @Test("identifiers print lower case and parse either case")
    func identifiers() {
        let upper = OrderID("3F2B8C1E-9D4A-4C7B-8E21-0A6F5D3C2B1A")
        #expect(upper?.description == "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a")
        #expect(OrderID("3f2b8c1e9d4a4c7b8e210a6f5d3c2b1a") == nil)
        #expect(OrderID("{3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a}") == nil)
    }
}
