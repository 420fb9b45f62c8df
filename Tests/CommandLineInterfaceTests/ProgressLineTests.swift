@testable import CommandLineInterface
import OrderProjections
import Testing

@Suite("Progress line")
struct ProgressLineTests {
    @Test("a terminal bar shows the share done, the rate and the time left")
    func bar() {
        let progress = RebuildProgress(readModel: .orders, phase: .building, eventsDone: 15_000, eventsTotal: 60_000)
        let line = ProgressLine.text(progress, elapsedSeconds: 3, bar: true)
        #expect(line == "orders v2  [#######.......................]  25%  15,000/60,000 events  5,000 events/s  ETA 9.0s")
    }

    @Test("a log line has no bar; an unknown rate shows no ETA")
    func logLine() {
        let progress = RebuildProgress(readModel: .customers, phase: .building, eventsDone: 0, eventsTotal: 10)
        #expect(ProgressLine.text(progress, elapsedSeconds: 0, bar: false) == "customers v1  0%  0/10 events  0 events/s  ETA ?")
    }

    @Test("a wait names the transaction that holds the rebuild back")
    func waiting() {
        let blocking = OpenTransaction(seconds: 12.4, transactionID: "7301", processID: 4242, applicationName: "psql", state: "idle in transaction")
        let progress = RebuildProgress(readModel: .statuses, phase: .waiting, eventsDone: 1_200, eventsTotal: 3_000, blockingTransaction: blocking)
        #expect(
            ProgressLine.text(progress, elapsedSeconds: 1, bar: false)
                == "statuses v1  built 1,200 events; waiting for transaction 7301 (pid 4242, idle in transaction, open 12s) to end: "
                + "events committed before the rebuild began sit behind it"
        )
    }

    @Test("figures are grouped by thousands and durations read naturally", arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (-1_234_567, "-1,234,567")])
    func grouping(number: Int, text: String) {
        #expect(ProgressLine.grouped(number) == text)
    }

    @Test("durations", arguments: [(0.44, "0.4s"), (12.4, "12s"), (185, "3m05s")])
    func durations(seconds: Double, text: String) {
        #expect(ProgressLine.seconds(seconds) == text)
    }

    @Test("text tables align figures right and text left, without trailing blanks")
    func table() {
        let table = TextTable(columns: [.text("name"), .figure("count")], rows: [["a", "1"], ["longer", "1,000"]])
        #expect(table.rendered == "name    count\na           1\nlonger  1,000")
    }
}
