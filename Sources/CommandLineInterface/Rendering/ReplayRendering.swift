import JSONCoding
import OrderDomain
import OrderProjections
import OrderService

/// A replayed stream as JSON Lines (the export fields plus `state`) or as a timeline.
enum ReplayRendering {
    /// One step as a JSON line: the feed line's fields, as the store wrote them, then `state`, the order
    /// after the event (`view`), shaped like `query order`; `repeated` is kept from one step to the next.
    static func write(_ line: WrittenFeedLine, view: OrderView?, repeating repeated: inout OrderViewRepeatedTexts, into writer: inout JSONTextWriter) {
        writer.writeRaw("{")
        writer.writeRaw(utf8: line.members)
        writer.writeRaw(",\"state\":")
        if let view {
            OrderViewRendering.write(view, itemCount: view.itemCount, repeating: &repeated, into: &writer)
        } else {
            writer.write(.null)
        }
        writer.writeRaw("}")
    }

    /// version, time, event, what changed, running total.
    static func timeline(_ steps: [ReplayStep]) -> String {
        let rows = steps.map { step -> [String] in
            let total = step.view.map { "\($0.order.total.decimalString) \($0.order.currency.code)" } ?? ""
            return [String(step.line.event.version), step.line.event.occurredAt.description, step.line.event.type, change(step.event), total]
        }
        return TextTable(columns: [.figure("version"), .text("time"), .text("event"), .text("what changed"), .figure("total")], rows: rows).rendered
    }

    /// What one event did, in a few words.
    static func change(_ event: OrderEvent) -> String {
        switch event {
        case let .orderPlaced(customer, currency): "placed by customer \(customer) in \(currency.code)"
        case let .itemAdded(product, quantity, unitPrice): "+\(quantity) × \(product) at \(unitPrice.decimalString)"
        case let .itemRemoved(product, quantity): "−\(quantity) × \(product)"
        case .orderConfirmed: "confirmed"
        case let .orderShipped(trackingNumber): "shipped" + (trackingNumber.map { ", tracking \($0)" } ?? "")
        case .orderDelivered: "delivered"
        case let .orderCancelled(reason): "cancelled" + (reason.map { ": \($0)" } ?? "")
        }
    }

    /// One customer step as a JSON line: the feed line's fields (personal fields opened), then `state`,
    /// shaped like `query customer`'s `contact` (null once forgotten).
    static func write(_ step: CustomerReplayStep, into writer: inout JSONTextWriter) {
        writer.writeRaw("{")
        step.line.writeMembers(into: &writer)
        writer.writeRaw(",\"state\":")
        writer.write(step.view?.contact.map(ContactDocument.json) ?? .null)
        writer.writeRaw("}")
    }

    /// version, time, event, the fields it set or cleared (never their values: a timeline is for reading
    /// over a shoulder), and the name after it.
    static func timeline(_ steps: [CustomerReplayStep]) -> String {
        let rows = steps.map { step -> [String] in
            let payload = step.line.event.payload
            let fields = CustomerEventCodec.Field.allCases.compactMap { field -> String? in
                guard let value = payload[field.rawValue] else { return nil }
                return value == .null ? field.rawValue + " cleared" : field.rawValue
            }
            let change = payload["forgotten"] == .bool(true) ? "details forgotten" : (fields.isEmpty ? "nothing changed" : fields.joined(separator: ", "))
            return [String(step.line.event.version), step.line.event.occurredAt.description, step.line.event.type, change, step.view?.contact?.name.value ?? "—"]
        }
        return TextTable(columns: [.figure("version"), .text("time"), .text("event"), .text("what changed"), .text("name")], rows: rows).rendered
    }
}
