import CommandLineInterface
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import SeededRandomness
import Testing

/// Seeded, reproducible fuzzing of the line decoder and the domain together, through the in-memory store:
/// whatever the bytes, every line gets exactly one result, and every refusal carries a contract code.
@Suite("Submit fuzzing")
struct SubmitFuzzTests {
    /// `make soak` sets ORDERCTL_SOAK_SCALE=10 for ten times the lines.
    static let soakScale = max(1, Int(ProcessInfo.processInfo.environment["ORDERCTL_SOAK_SCALE"] ?? "") ?? 1)
    static let lineCodes = Set(["malformed_json", "unknown_command", "missing_field", "invalid_field", "line_too_long"])
    static let domainCodes = Set([
        "order_not_found", "order_already_exists", "invalid_transition", "empty_order", "item_not_found", "invalid_quantity",
        "price_mismatch", "currency_mismatch", "invalid_amount", "command_id_reused", "version_conflict",
    ])

    /// A plausible command line over a handful of orders and products, with the fields its type takes
    /// (now and then a wrong one), so that many lines reach the domain.
    static func plausibleLine(_ random: inout SplitMix64, orders: [String], products: [String]) -> String {
        func pick<Value>(_ values: [Value]) -> Value { values[Int(random.next() % UInt64(values.count))] }
        let type = pick(["PlaceOrder", "AddItem", "AddItem", "AddItem", "RemoveItem", "ConfirmOrder", "ShipOrder", "DeliverOrder", "CancelOrder"])
        var object: JSONObject = ["type": .string(type), "orderId": .string(pick(orders))]
        if random.next() % 3 == 0 { object["commandId"] = .string(pick(orders)) }
        if random.next() % 6 == 0 { object["expectedVersion"] = pick([.integer(0), .integer(1), .integer(3), .integer(-1), .number("1.5")]) }
        switch type {
        case "PlaceOrder":
            object["customerId"] = .string(products[0])
            object["currency"] = pick([.string("EUR"), .string("JPY"), .string("KWD"), .string("USD"), .string("eur"), .integer(978)])
        case "AddItem":
            object["productId"] = .string(pick(products))
            object["quantity"] = pick([.integer(1), .integer(2), .integer(0), .integer(-1), .number("1.0"), .number("1e3"), .string("2"), .number("99999999999999999999")])
            object["unitPrice"] = pick([.string("9.99"), .string("9.99"), .string("1.125"), .string("1200"), .string("-1"), .string("1e2"), .number("9.99"), .string("NaN")])
            if random.next() % 4 == 0 { object["currency"] = pick([.string("EUR"), .string("JPY")]) }
        case "RemoveItem":
            object["productId"] = .string(pick(products))
            if random.next() % 2 == 0 { object["quantity"] = pick([.integer(1), .integer(5), .integer(0)]) }
        case "ShipOrder":
            if random.next() % 2 == 0 { object["trackingNumber"] = pick([.string("T-1"), .string("T\u{7F}é\""), .string(""), .integer(7)]) }
        case "CancelOrder":
            if random.next() % 2 == 0 { object["reason"] = .string("changed mind") }
        default:
            break
        }
        if random.next() % 20 == 0 { object["surprise"] = .bool(true) }
        return JSONValue.object(object).serialized()
    }

    /// Damages a line: flips, drops, duplicates or inserts bytes, or cuts it short.
    static func mutated(_ line: String, _ random: inout SplitMix64) -> [UInt8] {
        var bytes = Array(line.utf8)
        for _ in 0..<Int(random.next() % 4) {
            guard !bytes.isEmpty else { break }
            let index = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.remove(at: index)
            case 2: bytes.insert(bytes[index], at: index)
            case 3: bytes.insert([0x00, 0xFF, 0xC3, UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "[")][Int(random.next() % 6)], at: index)
            default: bytes = Array(bytes[..<index])
            }
        }
        return bytes.filter { $0 != UInt8(ascii: "\n") }
    }

    @Test("5,000 seeded lines (50,000 in make soak), plausible and damaged: one result each, every refusal with a contract code, no crash", arguments: [1, 2, 3] as [UInt64])
    func fuzz(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let orders = (0..<200).map { _ in UUID().uuidString.lowercased() }
        let products = (0..<3).map { _ in UUID().uuidString.lowercased() }
        let handler = CommandHandler(store: InMemoryOrderEventStore(), clock: { Timestamp(microsecondsSinceEpoch: 0) }, makeEventID: { EventID(UUID()) })
        let runner = SubmitRunner(decoder: CommandLineDecoder(makeCommandID: { CommandID(UUID()) }), handler: handler)
        var statuses: [SubmitResult.Status: Int] = [:]
        for number in 1...(5_000 * Self.soakScale) {
            let line = Self.plausibleLine(&random, orders: orders, products: products)
            let bytes = random.next() % 2 == 0 ? Array(line.utf8) : Self.mutated(line, &random)
            guard let result = try runner.result(for: .text(number: number, bytes: bytes)) else {
                // Only a blank line gets no result.
                #expect(bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }, "line \(number) got no result: \(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            #expect(result.line == number)
            statuses[result.status, default: 0] += 1
            let object = result.json.objectValue
            #expect(object?["line"] == .integer(number))
            #expect(object?["status"] == .string(result.status.rawValue))
            if result.status == .invalid || result.status == .rejected || result.status == .conflict {
                let code = object?["error"]?.objectValue?["code"]?.stringValue ?? ""
                #expect(Self.lineCodes.contains(code) || Self.domainCodes.contains(code), "line \(number): untyped refusal \(result.json.serialized())")
            }
        }
        // The mix reaches every part: decoding failures, domain refusals and accepted commands.
        #expect((statuses[.invalid] ?? 0) > 500 && (statuses[.rejected] ?? 0) > 100 && (statuses[.accepted] ?? 0) > 20, "\(statuses)")
    }
}
