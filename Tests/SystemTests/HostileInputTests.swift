import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

@Suite("Hostile input", .serialized)
struct HostileInputTests {
    /// The results' status and error code (and field when there is one), line by line.
    static func answers(_ outcome: OrderctlOutcome) -> [String] {
        outcome.outputLines.map { line in
            guard let object = try? JSONParser.parse(line).objectValue else { return "unparsable: \(line.prefix(80))" }
            let error = object["error"]?.objectValue
            return [object["status"]?.stringValue, error?["code"]?.stringValue, error?["field"]?.stringValue].compactMap { $0 }.joined(separator: " ")
        }
    }

    @Test("every kind of hostile line gets its own typed answer, and the lines around it still run")
    func hostileLines() throws {
        try TestDatabase.with { database in
            let order = UUID().uuidString.lowercased()
            let item = #""productId":"0b000000-0000-4000-8000-000000000001","unitPrice":"1.00""#
            var input = Data()
            func line(_ text: String) { input.append(Data((text + "\n").utf8)) }
            line(#"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#)
            line(#"{"type":"AddItem","orderId":"\#(order)""#)
            line("[1,2,3]")
            line(#""just a string""#)
            line("null")
            line(#"{"type":"AddItem","type":"AddItem","orderId":"\#(order)"}"#)
            line(#"{"type":"AddItem","orderId":"\#(order)",\#(item),"quantity":1,"colour":"red"}"#)
            line(#"{"type":"AddItem","orderId":"\#(order)",\#(item),"quantity":99999999999999999999999}"#)
            line(#"{"type":"AddItem","orderId":"\#(order)",\#(item),"quantity":1.5}"#)
            line(#"{"type":"AddItem","orderId":"\#(order)",\#(item),"quantity":NaN}"#)
            line(String(repeating: #"{"a":"#, count: 5_000) + "1" + String(repeating: "}", count: 5_000))
            input.append(Data(#"{"type":"PlaceOrder","orderId":""#.utf8) + Data([0xFF, 0xFE]) + Data("\"}\n".utf8))
            input.append(Data(#"{"type":"PlaceOrder"#.utf8) + Data([0x00]) + Data("\"}\n".utf8))
            line(#"{"type":"AddItem","orderId":"\#(order)",\#(item),"quantity":2}"#)

            let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: input)
            #expect(outcome.status == 1)
            #expect(Self.answers(outcome) == [
                "accepted",
                "invalid malformed_json",
                "invalid malformed_json", "invalid malformed_json", "invalid malformed_json",
                "invalid malformed_json",
                "invalid invalid_field colour",
                "invalid invalid_field quantity",
                "invalid invalid_field quantity",
                "invalid malformed_json",
                "invalid malformed_json",
                "invalid malformed_json",
                "invalid malformed_json",
                "accepted",
            ])
        }
    }

    @Test("10,000 bad lines in a row, then a good one: 10,001 answers, the last accepted")
    func manyBadLines() throws {
        try TestDatabase.with { database in
            let good = #"{"type":"PlaceOrder","orderId":"\#(UUID().uuidString)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#
            let input = String(repeating: "{\"type\":\n", count: 10_000) + good + "\n"
            let outcome = try OrderctlProcess.run(["submit", "--database-url", database.url], input: Data(input.utf8))
            let answers = Self.answers(outcome)
            #expect(answers.count == 10_001)
            #expect(answers.dropLast().allSatisfy { $0 == "invalid malformed_json" })
            #expect(answers.last == "accepted")
        }
    }

    @Test("a line of 100 MB is refused as line_too_long without being held in memory, and the next line runs")
    func hundredMegabyteLine() throws {
        try TestDatabase.with { database in
            let running = try OrderctlProcess.launch(["submit", "--database-url", database.url])
            let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
            try running.send(Data(#"{"type":"PlaceOrder","orderId":""#.utf8))
            for _ in 0..<100 { try running.send(chunk) }
            let good = #"{"type":"PlaceOrder","orderId":"\#(UUID().uuidString)","customerId":"0c000000-0000-4000-8000-000000000001","currency":"EUR"}"#
            try running.send(Data(("\"}\n" + good + "\n").utf8))
            try #require(running.output.waitForLines(2, seconds: 60), "no answers to the long line and the one after it")
            // Still running, waiting for more input: its high-water mark of resident memory says what it held.
            let status = try String(contentsOfFile: "/proc/\(running.process.processIdentifier)/status", encoding: .utf8)
            let peakKilobytes = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? -1
            let outcome = try running.finish(arguments: ["submit"])
            #expect(Self.answers(outcome) == ["invalid line_too_long", "accepted"])
            #expect(outcome.outputLines.first?.contains("104857") == true, "the message gives the line's length: \(outcome.outputLines.first ?? "")")
            #expect(peakKilobytes > 0 && peakKilobytes < 64 * 1024, "peak resident memory \(peakKilobytes) KB while a 100 MB line went by")
        }
    }
}
