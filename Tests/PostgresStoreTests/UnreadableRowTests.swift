import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("Rows that cannot be read are reported, never skipped", .serialized)
struct UnreadableRowTests {
    /// Two orders of three events each, then the payload of the first order's version 2 made a JSON
    /// string, as a superuser could after dropping the check constraint; returns both orders and the
    /// damaged event's position.
    static func damagedStore(_ database: TestDatabase) throws -> (damaged: OrderID, intact: OrderID, position: Int64) {
        let connection = try database.connect()
        let handler = StoreFixtures.handler(on: connection)
        let damaged = try HashChainTests.order(withItems: 2, handler: handler)
        let intact = try HashChainTests.order(withItems: 2, handler: handler)
        let owner = try database.connectAsOwner()
        try owner.execute("ALTER TABLE events DROP CONSTRAINT events_payload_check", context: "damaging the log")
        try Tampering.rewrite(["UPDATE events SET payload = '\"damaged\"' WHERE stream_id = '\(damaged)' AND version = 2"], on: owner)
        let position = try connection.execute(
            "SELECT global_position FROM events WHERE stream_id = $1 AND version = 2", [damaged.description], context: "finding the damaged event"
        ).integer(row: 0, column: 0)
        return (damaged, intact, try #require(position))
    }

    @Test("audit verify reports an unreadable event as a break at its version and position, and checks every other stream")
    func auditReportsIt() throws {
        try TestDatabase.with { database in
            let (damaged, intact, position) = try Self.damagedStore(database)
            let (report, found) = try HashChainTests.breaks(on: try database.connect())
            #expect(report.streams == 2)
            #expect(report.events == 6)
            #expect(report.brokenStreams == 1)
            #expect(found.map(\.orderID) == [damaged])
            #expect(found.first?.kind == .unreadable)
            #expect(found.first?.version == 2)
            #expect(found.first?.detail.contains("position \(position)") == true, "\(found)")
            #expect(!found.contains { $0.orderID == intact })
        }
    }

    @Test("export and replay stop at an unreadable event with a corrupt-row failure that names its position")
    func readersStop() throws {
        try TestDatabase.with { database in
            let (damaged, intact, position) = try Self.damagedStore(database)
            let session = try PostgresStorage().open(database.url, for: .bulk)
            for read in [
                { _ = try session.eventLog.export(ExportFilter()) { _ in } },
                { _ = try session.eventLog.lines(of: damaged) },
                { try session.eventLog.forEachWrittenLine(of: damaged) { _ in } },
            ] as [() throws -> Void] {
                do {
                    try read()
                    Issue.record("an unreadable event was passed over")
                } catch let failure as StoreFailure {
                    #expect(failure.kind == .corruptRow(position: position))
                    #expect(failure.description.contains("position \(position)"), "\(failure)")
                }
            }
            #expect(try session.eventLog.lines(of: intact).count == 3, "the other stream still reads")
        }
    }
}

@Suite("An unreadable event does not hide a gap before it")
struct UnreadableAfterGapTests {
    @Test("a version missing before the unreadable event is reported as missing, the earlier break")
    func gapFirst() {
        let stream = OrderID(UUID())
        let unreadable = StoredChainLinks.UnreadableEvent(version: 2, position: 7, problem: "damaged")
        let found = ChainAuditor.firstBreak(in: StoredChainLinks.StoredStream(orderID: stream, recordedVersion: 2, firstUnreadable: unreadable))
        #expect(found?.kind == .missing)
        #expect(found?.version == 1)
    }

    @Test("the unreadable event itself is the break when every version before it is there")
    func unreadableFirst() {
        let stream = OrderID(UUID())
        let unreadable = StoredChainLinks.UnreadableEvent(version: 1, position: 7, problem: "damaged")
        let found = ChainAuditor.firstBreak(in: StoredChainLinks.StoredStream(orderID: stream, recordedVersion: 1, firstUnreadable: unreadable))
        #expect(found?.kind == .unreadable)
        #expect(found?.detail.contains("position 7") == true)
    }
}
