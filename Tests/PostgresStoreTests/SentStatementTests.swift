import DatabaseTestSupport
import PostgresClient
import Testing

@Suite("A statement sent without waiting, taken up later")
struct SentStatementTests {
    @Test("its result comes back, and the session runs the next statement")
    func result() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try connection.send("SELECT $1::integer + 1", ["41"], context: "adding")
            let sum = try connection.finishSent(context: "adding")
            #expect(sum.integer(row: 0, column: 0) == 42)
            #expect(try connection.execute("SELECT 7", context: "after").integer(row: 0, column: 0) == 7)
        }
    }

    @Test("its failure keeps the SQLSTATE and the context, and leaves the session ready for the next statement")
    func failure() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try connection.send("SELECT count(*) FROM no_such_table", [], context: "counting what is not there")
            do {
                try connection.finishSent(context: "counting what is not there")
                Issue.record("a statement on a missing table succeeded")
            } catch let error as PostgresError {
                #expect(error.sqlState == .undefinedTable)
                #expect(error.context == "counting what is not there")
            }
            #expect(try connection.execute("SELECT 7", context: "after").integer(row: 0, column: 0) == 7)
        }
    }
}
