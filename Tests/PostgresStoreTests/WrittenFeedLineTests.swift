import DatabaseTestSupport
import JSONCoding
import OrderDomain
import OrderService
@testable import PostgresStore
import ReadModelTestSupport
import Testing

/// `replay`'s reading: the store writes each line's text from the row (`forEachWrittenLine`), which must
/// be byte for byte what the feed line writes, with the fields the fold reads.
@Suite("Lines written by the store for replay", .serialized)
struct WrittenFeedLineTests {
    /// Every written line of `stream` beside the feed line of the same event.
    static func expectWrittenLinesMatch(_ stream: OrderID, in database: TestDatabase) throws {
        let eventLog = try PostgresStorage().open(database.url, for: .bulk).eventLog
        let lines = try eventLog.lines(of: stream)
        var index = 0
        try eventLog.forEachWrittenLine(of: stream) { written in
            let line = try #require(index < lines.count ? lines[index] : nil, "more written lines than feed lines")
            index += 1
            var writer = JSONTextWriter()
            line.writeMembers(into: &writer)
            #expect(Array(written.members) == writer.output, "version \(line.event.version)")
            #expect(written.orderID == line.event.orderID && written.version == line.event.version && written.occurredAt == line.event.occurredAt)
            #expect(written.type == line.event.type && written.schemaVersion == line.event.schemaVersion)
            #expect(try JSONParser.parse(Array(written.payload)) == .object(line.event.payload))
        }
        #expect(index == lines.count)
    }

    @Test("plain rows and rows outside the quick path's text (escapes, non-ASCII, decimals) are written as the feed line writes them")
    func sameText() throws {
        try TestDatabase.with { database in
            let (plain, unusual) = try HashChainTests.plainAndUnusualOrders(in: database)
            try Self.expectWrittenLinesMatch(plain, in: database)
            try Self.expectWrittenLinesMatch(unusual, in: database)
        }
    }
}
