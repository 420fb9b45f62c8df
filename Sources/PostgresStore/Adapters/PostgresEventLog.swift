import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import PostgresClient

/// The log's reading port: replays, time travel, exports and the chain audit.
struct PostgresEventLog: EventLogReading {
    let connection: DatabaseConnection

    func forEachLine(of orderID: OrderID, _ body: (FeedLine) throws -> Void) throws {
        try translatingFailures { try StreamHistory(connection: connection).forEachLine(of: orderID, body) }
    }

    func forEachWrittenLine(of orderID: OrderID, _ body: (WrittenFeedLine) throws -> Void) throws {
        try translatingFailures { try StreamHistory(connection: connection).forEachWrittenLine(of: orderID, body) }
    }

    func customer(_ customerID: CustomerID, asOf moment: Timestamp) throws -> CustomerView? {
        try translatingFailures { try StreamHistory(connection: connection).customer(customerID, asOf: moment) }
    }

    func export(_ filter: ExportFilter, line: (FeedLine) throws -> Void) throws -> Int {
        try translatingFailures { try EventLogExport(connection: connection).export(filter, line: line) }
    }

    func exportText(_ filter: ExportFilter, into output: inout JSONTextWriter, lineWritten: (inout JSONTextWriter) throws -> Void) throws -> Int {
        try translatingFailures { try EventLogExport(connection: connection).exportText(filter, into: &output, lineWritten: lineWritten) }
    }

    func verifyChains(only orderID: OrderID?, onBreak: (ChainBreak) throws -> Void) throws -> ChainAuditReport {
        try translatingFailures { try ChainAuditor(connection: connection).verify(only: orderID, onBreak: onBreak) }
    }

    func cursor(atPosition position: Int64) throws -> ProjectionCheckpoint? {
        try translatingFailures { try EventLogFollower(connection: connection).cursor(atPosition: position) }
    }

    func settledEvents(
        _ filter: ExportFilter, after cursor: ProjectionCheckpoint, limit: Int, line: (FeedLine) throws -> Void
    ) throws -> (cursor: ProjectionCheckpoint, read: Int) {
        try translatingFailures { try EventLogFollower(connection: connection).settledEvents(filter, after: cursor, limit: limit, line: line) }
    }

    func visibility(of position: Int64) throws -> PositionVisibility {
        try translatingFailures { try PositionVisibilityQuery(connection: connection).visibility(of: position) }
    }

    func kind(ofStream streamID: StreamID) throws -> StreamKind? {
        try translatingFailures {
            try StreamKindQuery.kind(of: streamID, on: connection, context: "reading the kind of stream \(streamID)")
        }
    }

    func key(of customerID: CustomerID) throws -> CustomerKey? {
        try translatingFailures { try CustomerStreamRow.read(customerID, on: connection, context: "reading the key of customer \(customerID)")?.key }
    }

    func forEachCustomerKey(_ body: (CustomerID, CustomerKey) throws -> Void) throws -> Int {
        try translatingFailures { try CustomerKeys.forEach(on: connection, body) }
    }
}
