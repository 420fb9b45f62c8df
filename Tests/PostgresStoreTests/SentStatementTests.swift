import DatabaseTestSupport
import Foundation
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

    @Test("abandoned, it is cancelled rather than waited for: what it would have written after a long wait is never written, and the session runs the next statement")
    func abandoned() throws {
        try TestDatabase.with(migrated: false) { database in
            let connection = try database.connect()
            try connection.execute("CREATE TABLE written (n integer)", context: "preparing")
            // Were it waited for, the row would be there (a minute later).
            try connection.send("INSERT INTO written SELECT 1 FROM pg_sleep(60)", [], context: "writing late")
            // Abandoned once the server runs it: a cancel that reached the session before it had read the
            // statement would find it idle and be ignored.
            let observer = try database.connect()
            let deadline = Date().addingTimeInterval(30)
            while try observer.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE 'INSERT INTO written%'", context: "watching"
            ).integer(row: 0, column: 0) != 1 {
                try #require(Date() < deadline, "the sent statement never started sleeping")
                usleep(10_000)
            }
            connection.abandonSent()
            #expect(try connection.execute("SELECT count(*) FROM written", context: "after").integer(row: 0, column: 0) == 0)
            // A cancel that finds the session idle changes nothing either.
            connection.abandonSent()
            #expect(try connection.execute("SELECT 7", context: "after").integer(row: 0, column: 0) == 7)
        }
    }
}
