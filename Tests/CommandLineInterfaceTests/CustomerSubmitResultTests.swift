import CommandLineInterface
import Foundation
import JSONCoding
import OrderDomain
import OrderService
import Testing

@Suite("Submit results of customer lines")
struct CustomerSubmitResultTests {
    static let customer = CustomerID(UUID(uuidString: "5c1d7a2e-4b3f-4e8a-9c6d-2f0e1b3a4c5d")!)
    static let command = CommandID(UUID(uuidString: "0c000000-0000-4000-8000-000000000001")!)
    static let envelope = CustomerCommandEnvelope(
        commandID: command, customerID: customer,
        command: .changeContactInfo(ContactChange(phone: .clear))
    )
    static let head = #"{"line":7,"status":"#

    static func json(_ outcome: CustomerCommandOutcome) -> String {
        SubmitResult(line: 7, envelope: envelope, outcome: outcome).json.serialized()
    }

    @Test("each outcome gives line, status, commandId and customerId first, then the rest, as an order line does")
    func shapes() {
        let ids = #""commandId":"\#(Self.command)","customerId":"\#(Self.customer)""#
        #expect(Self.json(.accepted(version: 2, events: [EventReceipt(type: "ContactInfoChanged", version: 2, position: 41)]))
            == Self.head + #""accepted",\#(ids),"version":2,"events":[{"type":"ContactInfoChanged","version":2,"position":41}]}"#)
        #expect(Self.json(.duplicate(version: 2)) == Self.head + #""duplicate",\#(ids),"version":2}"#)
        #expect(Self.json(.rejected(.customerNotFound))
            == Self.head + #""rejected",\#(ids),"error":{"code":"customer_not_found","message":"the customer does not exist; register it first"}}"#)
        #expect(Self.json(.commandIDReused).hasPrefix(Self.head + #""rejected",\#(ids),"error":{"code":"command_id_reused","#))
        #expect(Self.json(.conflict(expected: 2, actual: 4, retriesExhausted: false))
            == Self.head + #""conflict",\#(ids),"error":{"code":"version_conflict","message":"the customer is at version 4, not the expected 2; reload it and decide again","expected":2,"actual":4}}"#)
    }

    @Test("conflict messages of a customer line speak of the customer, never of an order")
    func conflictsSayCustomer() {
        for exhausted in [false, true] {
            let text = Self.json(.conflict(expected: 2, actual: 4, retriesExhausted: exhausted))
            #expect(text.contains("customer"))
            #expect(!text.contains("order"))
        }
    }

    @Test("an invalid customer line prints its customerId when it was readable")
    func invalidLine() {
        var failure = LineFailure(.invalidField, "phone: must start with '+'", field: "phone")
        failure.commandID = Self.command
        failure.customerID = Self.customer
        #expect(SubmitResult(line: 3, failure: failure).json.serialized()
            == #"{"line":3,"status":"invalid","commandId":"\#(Self.command)","customerId":"\#(Self.customer)","error":{"code":"invalid_field","message":"phone: must start with '+'","field":"phone"}}"#)
    }

    @Test("an order line's result keeps its shape: orderId after commandId, and its messages speak of the order")
    func orderLinesUnchanged() throws {
        let order = OrderID(UUID())
        let store = InMemoryOrderEventStore()
        let lines = [
            SubmitRunnerTests.place(order, command: "0d000000-0000-4000-8000-000000000001"),
            #"{"type":"ConfirmOrder","orderId":"\#(order)","commandId":"0d000000-0000-4000-8000-000000000002","expectedVersion":3}"#,
        ]
        let results = try SubmitRunnerTests.results(of: lines, store: store)
        #expect(results[0].json.serialized()
            == #"{"line":1,"status":"accepted","commandId":"0d000000-0000-4000-8000-000000000001","orderId":"\#(order)","version":1,"events":[{"type":"OrderPlaced","version":1,"position":1}]}"#)
        #expect(results[1].json.serialized()
            == #"{"line":2,"status":"conflict","commandId":"0d000000-0000-4000-8000-000000000002","orderId":"\#(order)","error":{"code":"version_conflict","message":"the order is at version 1, not the expected 3; reload it and decide again","expected":3,"actual":1}}"#)
    }
}
