import OrderDomain
import OrderService
import PersonalDataProtection
import PostgresClient

/// `import`'s port: a whole feed into an empty store, all or nothing.
struct PostgresImporter: EventLogImporting {
    let connection: DatabaseConnection

    func importFeed(nextLine: () throws -> (number: Int, line: Result<FeedLine, FeedRefusal>)?, keys: [CustomerID: CustomerKey]) throws -> ImportReport {
        try translatingFailures { try EventLogImport(connection: connection).run(nextLine: nextLine, keys: keys) }
    }
}
