import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient
@testable import PostgresStore

/// The customer store on PostgreSQL, with a rival that writes (on its own connection) once, right before
/// the first append: between the handler's reading of the head and its append.
final class CustomerStoreWithRival: CustomerEventStore {
    private let inner: PostgresCustomerEventStore
    private var rival: (() throws -> Void)?
    private(set) var appendOutcomes: [CustomerAppendOutcome] = []

    init(connection: DatabaseConnection, rival: @escaping () throws -> Void) {
        inner = PostgresCustomerEventStore(connection: connection)
        self.rival = rival
    }

    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead { try inner.customerHead(of: customerID) }
    func forget(_ customerID: CustomerID) throws -> ForgetOutcome { try inner.forget(customerID) }

    func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome {
        if let rival {
            self.rival = nil
            try rival()
        }
        let outcome = try inner.append(append)
        appendOutcomes.append(outcome)
        return outcome
    }
}

/// The order store on PostgreSQL, with a rival that writes (on its own connection) once, right before the
/// first append, alone or batched.
final class OrderStoreWithRival: OrderEventStore {
    private let inner: PostgresOrderEventStore
    private var rival: (() throws -> Void)?
    private(set) var appendOutcomes: [AppendOutcome] = []
    private(set) var batchOutcomes: [BatchAppendOutcome] = []

    init(connection: DatabaseConnection, rival: @escaping () throws -> Void) {
        inner = PostgresOrderEventStore(connection: connection)
        self.rival = rival
    }

    private func letRivalWrite() throws {
        guard let rival else { return }
        self.rival = nil
        try rival()
    }

    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }
    func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] { try inner.versions(of: orderIDs) }
    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] { try inner.commands(commandIDs) }
    func events(in orderIDs: [OrderID]) throws -> [OrderID: [RecordedEvent]] { try inner.events(in: orderIDs) }
    func head(of orderID: OrderID) throws -> StreamHead { try inner.head(of: orderID) }
    func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead] { try inner.heads(at: versions) }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        try letRivalWrite()
        let outcome = try inner.append(append)
        appendOutcomes.append(outcome)
        return outcome
    }

    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        try letRivalWrite()
        let outcome = try inner.append(together: appends)
        batchOutcomes.append(outcome)
        return outcome
    }
}
