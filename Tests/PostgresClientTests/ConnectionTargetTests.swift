@testable import PostgresClient
import Foundation
import Testing

@Suite("Connecting")
struct ConnectionTargetTests {
    @Test("an unreachable database fails with one line naming the socket and how to start the local one")
    func unreachable() throws {
        let target = ConnectionTarget(databaseURL: "postgresql:///nowhere?host=/nonexistent/orderctl-socket&port=5999&user=someone&password=s3cret")
        do {
            _ = try target.connect()
            Issue.record("connected to a socket that does not exist")
        } catch {
            #expect(error.kind == .connectionFailed)
            let text = error.description
            #expect(text.contains("/nonexistent/orderctl-socket"))
            #expect(text.contains("5999"))
            #expect(text.contains("nowhere"))
            #expect(text.contains("make db"))
            #expect(!text.contains("s3cret"))
            #expect(!text.contains("\n"))
        }
    }

    @Test("key=value conninfo works as well as URIs")
    func conninfo() throws {
        do {
            _ = try ConnectionTarget(databaseURL: "host=/nonexistent/kv port=5998 dbname=kvdb password=hunter2").connect()
            Issue.record("connected to a socket that does not exist")
        } catch {
            #expect(error.description.contains("/nonexistent/kv"))
            #expect(error.description.contains("kvdb"))
            #expect(!error.description.contains("hunter2"))
        }
    }
}
