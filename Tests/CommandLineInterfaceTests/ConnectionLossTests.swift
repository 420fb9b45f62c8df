import DatabaseTestSupport
import Foundation
import PostgresStore
import Testing

@Suite("orderctl when the database goes away", .serialized)
struct ConnectionLossTests {
    @Test("the session killed between two lines: exit 3 after the committed result, the failing line named, nothing half-written")
    func sessionKilledMidSubmit() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString.lowercased()
            let process = Process()
            process.executableURL = try OrderctlProcess.binary()
            process.arguments = ["submit", "--database-url", database.url]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let printed = StreamWatcher(output.fileHandleForReading)
            let complaints = StreamWatcher(errors.fileHandleForReading)

            let placement = #"{"type":"PlaceOrder","orderId":"\#(order)","commandId":"\#(UUID().uuidString)","customerId":"\#(UUID().uuidString)","currency":"EUR"}"#
            try input.fileHandleForWriting.write(contentsOf: Data((placement + "\n").utf8))
            try #require(printed.waitForLines(1, seconds: 30), "orderctl printed no result for the first line")

            // Kill orderctl's server session, as a restart or an operator would.
            let admin = try database.connect()
            let killed = try admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'orderctl' AND pid <> pg_backend_pid()",
                [database.name], context: "terminating orderctl's session"
            )
            #expect(killed.integer(row: 0, column: 0) == 1)

            let addition = #"{"type":"AddItem","orderId":"\#(order)","commandId":"\#(UUID().uuidString)","productId":"\#(UUID().uuidString)","quantity":1,"unitPrice":"1.00"}"#
            try input.fileHandleForWriting.write(contentsOf: Data((addition + "\n").utf8))
            try input.fileHandleForWriting.close()
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            try #require(!process.isRunning, "orderctl did not stop after losing its connection")
            process.waitUntilExit()

            #expect(process.terminationStatus == 3)
            let lines = printed.finish().split(separator: "\n")
            #expect(lines.count == 1)
            #expect(lines.first?.contains(#""status":"accepted""#) == true)
            let stderr = complaints.finish()
            #expect(stderr.contains("line 2"))
            #expect(stderr.contains("may or may not have been committed"))
            #expect(stderr.contains("Submit the file again"))
            let events = try admin.execute("SELECT count(*) FROM events WHERE stream_id = $1", [order], context: "counting")
            #expect(events.integer(row: 0, column: 0) == 1)
        }
    }
}

/// Collects what a child process writes to a pipe, so a test can wait for its first lines.
final class StreamWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private let ended = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { text += String(decoding: chunk, as: UTF8.self) }
            }
            ended.signal()
        }
    }

    /// Waits until at least `count` complete lines arrived; false when the time ran out.
    func waitForLines(_ count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lock.withLock({ text.filter { $0 == "\n" }.count }) >= count { return true }
            usleep(10_000)
        }
        return false
    }

    /// Everything written, once the pipe closed.
    func finish() -> String {
        ended.wait()
        return lock.withLock { text }
    }
}
