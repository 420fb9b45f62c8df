import DatabaseTestSupport
import Foundation
import PostgresClient
import PostgresStore
import Testing

@Suite("orderctl when the database goes away", .serialized)
struct ConnectionLossTests {
    /// Starts `submit` with `options`, lets it answer a placement, then kills its server session, as a
    /// restart or an operator would; returns the run, the order, and an administrator's connection.
    static func submitWithItsSessionKilled(
        _ options: [String], on database: TestDatabase
    ) throws -> (running: RunningOrderctl, order: String, admin: DatabaseConnection) {
        let order = UUID().uuidString.lowercased()
        let running = try OrderctlProcess.launch(["submit"] + options + ["--database-url", database.url])
        let placement = #"{"type":"PlaceOrder","orderId":"\#(order)","commandId":"\#(UUID().uuidString)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#
        try running.send(Data((placement + "\n").utf8))
        try #require(running.output.waitForLines(1, seconds: 30), "orderctl printed no result for the first line")
        let admin = try database.connect()
        let killed = try admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'orderctl' AND pid <> pg_backend_pid()",
            [database.name], context: "terminating orderctl's session"
        )
        #expect(killed.integer(row: 0, column: 0) == 1)
        return (running, order, admin)
    }

    @Test("the session killed between two lines, reconnecting turned off: exit 3 after the committed result, the failing line named, nothing half-written")
    func sessionKilledMidSubmit() throws {
        try TestDatabase.with { database in
            let (running, order, admin) = try Self.submitWithItsSessionKilled(["--reconnect-timeout", "0"], on: database)
            let addition = #"{"type":"AddItem","orderId":"\#(order)","commandId":"\#(UUID().uuidString)","productId":"\#(UUID().uuidString)","quantity":1,"unitPrice":"1.00"}"#
            try running.send(Data((addition + "\n").utf8))
            let outcome = try running.finish(hangLimitSeconds: 30)

            #expect(outcome.status == 3)
            #expect(outcome.outputLines.count == 1)
            #expect(outcome.outputLines.first?.contains(#""status":"accepted""#) == true)
            #expect(outcome.standardError.contains("line 2"))
            #expect(outcome.standardError.contains("may or may not have been committed"))
            #expect(outcome.standardError.contains("Submit the file again"))
            let events = try admin.execute("SELECT count(*) FROM events WHERE stream_id = $1", [order], context: "counting")
            #expect(events.integer(row: 0, column: 0) == 1)
        }
    }

    @Test("the session killed between two lines: submit reconnects, the cut-off line is applied once, and the run ends with exit 0")
    func sessionKilledMidSubmitReconnects() throws {
        try TestDatabase.with { database in
            let (running, order, admin) = try Self.submitWithItsSessionKilled([], on: database)
            // No commandId: the id submit gives the line must survive the reconnection too.
            let addition = #"{"type":"AddItem","orderId":"\#(order)","productId":"\#(UUID().uuidString)","quantity":1,"unitPrice":"1.00"}"#
            try running.send(Data((addition + "\n").utf8))
            let outcome = try running.finish(hangLimitSeconds: 60)

            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.outputLines.count == 2)
            #expect(outcome.outputLines.last?.contains(#""status":"accepted""#) == true, "\(outcome.outputLines)")
            #expect(outcome.standardError.contains("reconnected to"), "\(outcome.standardError)")
            let events = try admin.execute("SELECT count(*) FROM events WHERE stream_id = $1", [order], context: "counting")
            #expect(events.integer(row: 0, column: 0) == 2)
        }
    }
}
