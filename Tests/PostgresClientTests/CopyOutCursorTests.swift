import DatabaseTestSupport
import PostgresClient
import Testing

@Suite("A COPY read a row at a time", .serialized)
struct CopyOutCursorTests {
    static let series = "COPY (SELECT n, n * 10 FROM generate_series(1, 2000) AS n) TO STDOUT (FORMAT binary)"

    @Test("rows come one per step, in order, beside a COPY read on another session, and nil after the last")
    func readsInStep() throws {
        try TestDatabase.with(migrated: false) { database in
            let leading = try database.connect()
            let following = try database.connect()
            let cursor = try CopyOutCursor(Self.series, on: following, context: "reading the series a row at a time")
            var compared = 0
            try leading.copyOut(Self.series, context: "reading the series") { row in
                let stepped = try cursor.next { [$0.integer(0), $0.integer(1)] }
                #expect(stepped == [row.integer(0), row.integer(1)])
                compared += 1
            }
            #expect(compared == 2000)
            #expect(try cursor.next { $0.integer(0) } == nil)
            #expect(try cursor.next { $0.integer(0) } == nil)
            // The session is free again once the cursor has ended.
            #expect(try following.execute("SELECT 1", context: "after the cursor").integer(row: 0, column: 0) == 1)
        }
    }

    @Test("an error the server reports partway through the COPY is thrown with its SQLSTATE")
    func failurePartway() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            let cursor = try CopyOutCursor(
                "COPY (SELECT 1 / (n - 1500) FROM generate_series(1, 2000) AS n) TO STDOUT (FORMAT binary)", on: connection, context: "dividing by zero"
            )
            var rows = 0
            let error = #expect(throws: PostgresError.self) {
                while try cursor.next({ _ in true }) != nil { rows += 1 }
            }
            #expect(error?.sqlState == SQLState(rawValue: "22012"))
            #expect(rows < 1500)
        }
    }
}
