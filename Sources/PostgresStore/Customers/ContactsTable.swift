import FoundationEssentials
import JSONCoding
import PersonalDataProtection
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient

/// The contacts read model, `customer_contacts`: one row per registered customer with the details in
/// the clear, as `query customer` shows them. Written inline by every customer append, cleared by
/// `forget_customer`, and rebuilt from the log (with the keys) by `projections rebuild`.
///
/// Its rows move forward only, like the order read models': a row is replaced only by a newer version.
enum ContactsTable {
    /// Writes the rows of these views in one statement, each only if it is newer than the stored row.
    static func upsert(_ views: [ContactView], on connection: DatabaseConnection, context: String) throws {
        guard !views.isEmpty else { return }
        // In key order, so that writers sharing rows take their locks in the same order and never deadlock.
        let rows = views.sorted { $0.customerID < $1.customerID }
        try connection.execute(
            """
            INSERT INTO customer_contacts AS stored (customer_id, name, email, phone, address, forgotten, version, registered_at, updated_at)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::boolean[], $7::integer[],
                                 $8::timestamptz[], $9::timestamptz[])
            ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone,
                address = excluded.address, forgotten = excluded.forgotten, version = excluded.version,
                registered_at = excluded.registered_at, updated_at = excluded.updated_at
            WHERE stored.version < excluded.version
            """,
            [
                PostgresArrayLiteral.literal(rows.map(\.customerID.description)),
                PostgresArrayLiteral.literal(rows.map { $0.contact?.name.value }),
                PostgresArrayLiteral.literal(rows.map { $0.contact?.email.value }),
                PostgresArrayLiteral.literal(rows.map { $0.contact?.phone?.value }),
                PostgresArrayLiteral.literal(rows.map { view in view.contact?.address.map { ContactDocument.address($0).serialized() } }),
                PostgresArrayLiteral.literal(rows.map { $0.isForgotten ? "true" : "false" }),
                PostgresArrayLiteral.literal(rows.map { String($0.version) }),
                PostgresArrayLiteral.literal(rows.map(\.registeredAt.description)),
                PostgresArrayLiteral.literal(rows.map(\.updatedAt.description)),
            ],
            context: context
        )
    }

    /// The customer's row, nil when the customer was never registered.
    static func view(of customerID: CustomerID, on connection: DatabaseConnection, context: String) throws -> ContactView? {
        let result = try connection.execute(
            """
            SELECT name, email, phone, address::text, forgotten, version,
                   (extract(epoch FROM registered_at) * 1000000)::bigint, (extract(epoch FROM updated_at) * 1000000)::bigint
            FROM customer_contacts WHERE customer_id = $1
            """,
            [customerID.description], context: context
        )
        guard result.rowCount == 1 else { return nil }
        guard let forgotten = result.string(row: 0, column: 4), let version = result.integer(row: 0, column: 5),
              let registeredAt = result.integer(row: 0, column: 6), let updatedAt = result.integer(row: 0, column: 7)
        else { throw unreadable(customerID, context: context) }
        var contact: ContactInfo?
        if forgotten != "t" {
            contact = try readContact(result, customerID: customerID, context: context)
        }
        return ContactView(
            customerID: customerID, contact: contact, version: Int(version),
            registeredAt: Timestamp(microsecondsSinceEpoch: registeredAt), updatedAt: Timestamp(microsecondsSinceEpoch: updatedAt)
        )
    }

    /// Replaces every row with the log's fold, in one transaction: customer appends wait for it (they
    /// write rows of this table), order appends and queries do not. Customer streams are short, so this
    /// takes about as long as reading them; returns the events folded.
    static func rebuild(on connection: DatabaseConnection, context: String) throws -> Int {
        try connection.transaction(context: context) {
            try connection.execute("LOCK TABLE customer_contacts IN SHARE ROW EXCLUSIVE MODE", context: context)
            return try refold(on: connection, context: context)
        }
    }

    /// Replaces every row with the log's fold inside the caller's transaction (a rebuild's, an import's).
    static func refold(on connection: DatabaseConnection, context: String) throws -> Int {
        // Streamed with a COPY, each stream folded as its events arrive: memory holds the views, one per
        // customer, never the events.
        var views: [ContactView] = []
        var current: CustomerStreamHead?
        var currentStream: UUID?
        var events = 0
        try connection.copyOut(
            """
            COPY (
                SELECT \(StoredEventRow.columns(of: "e")), encode(k.key, 'hex')
                FROM events e JOIN streams s ON s.stream_id = e.stream_id AND s.kind = 'customer'
                LEFT JOIN customer_keys k ON k.customer_id = e.stream_id AND NOT s.forgotten
                ORDER BY e.stream_id, e.version
            ) TO STDOUT (FORMAT binary)
            """,
            context: context
        ) { row in
            let line = try StoredEventRow.feedLine(row, context: context)
            // A stream ends where another begins, by id: each is folded under its own key only.
            if currentStream != line.event.orderID.uuid {
                if let view = current?.view { views.append(view) }
                current = nil
                currentStream = line.event.orderID.uuid
            }
            let key = row.string(StoredEventRow.columnCount).flatMap(CustomerKey.init(hexadecimal:))
            let head = current ?? CustomerStreamHead(version: 0, hash: EventChain.genesis, lastOccurredAt: nil, state: .initial, view: nil, key: key)
            do throws(EventDecodingError) {
                current = try head.after(line)
            } catch {
                throw UnreadableRow(position: line.position, problem: error.description, context: context)
            }
            events += 1
        }
        if let view = current?.view { views.append(view) }
        try connection.execute("DELETE FROM customer_contacts", context: context)
        // In slices: one statement's arrays stay a few megabytes however many customers there are.
        for start in stride(from: 0, to: views.count, by: 5_000) {
            try upsert(Array(views[start..<min(start + 5_000, views.count)]), on: connection, context: context)
        }
        return events
    }

    private static func readContact(_ result: QueryResult, customerID: CustomerID, context: String) throws -> ContactInfo {
        do {
            guard let nameText = result.string(row: 0, column: 0), let emailText = result.string(row: 0, column: 1) else {
                throw unreadable(customerID, context: context)
            }
            let address = try result.string(row: 0, column: 3).map { text in try ContactDocument.address(from: try JSONParser.parse(Array(text.utf8))) }
            return ContactInfo(
                name: try PersonName(nameText), email: try EmailAddress(emailText), phone: try result.string(row: 0, column: 2).map { try PhoneNumber($0) },
                address: address
            )
        } catch let error as UnreadableRow {
            throw error
        } catch {
            throw unreadable(customerID, context: context)
        }
    }

    private static func unreadable(_ customerID: CustomerID, context: String) -> UnreadableRow {
        UnreadableRow(row: "the customer_contacts row of \(customerID)", problem: "NULL or malformed columns", context: context)
    }
}
