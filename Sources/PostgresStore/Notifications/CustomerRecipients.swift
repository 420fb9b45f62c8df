import OrderDomain
import OrderService
import PersonalDataProtection
import PostgresClient

/// The customers a preparation batch writes to, as they stand now: registered or not, forgotten or not,
/// their contact on file and their key.
///
/// Their stream rows are locked `FOR SHARE` until the preparation commits. `forget_customer` locks the
/// same row `FOR UPDATE`, so a forget waits for a preparation in flight and then finds its notifications,
/// or the preparation waits for the forget and finds the customer forgotten: no notification is ever
/// recorded with the contact of someone forgotten meanwhile.
struct CustomerRecipients {
    private var registered: Set<CustomerID> = []
    private var forgotten: Set<CustomerID> = []
    private var contacts: [CustomerID: ContactInfo] = [:]
    private var keys: [CustomerID: CustomerKey] = [:]

    /// Locks and reads `customers`.
    static func lookUp(_ customers: Set<CustomerID>, on connection: DatabaseConnection, context: String) throws -> CustomerRecipients {
        var found = CustomerRecipients()
        guard !customers.isEmpty else { return found }
        // In id order, so two preparers (or a preparer and a forget) never lock the same rows crosswise.
        let wanted = PostgresArrayLiteral.literal(customers.sorted().map(\.description))
        let streams = try connection.query(
            "SELECT stream_id, forgotten FROM streams WHERE stream_id = ANY($1::uuid[]) AND kind = 'customer' ORDER BY stream_id FOR SHARE",
            [wanted], context: context
        )
        for row in 0..<streams.rowCount {
            let columns = QueryRow(result: streams, row: row)
            guard let customerID: CustomerID = columns.identifier(0), let isForgotten = columns.bytes(1).map({ $0.first == 1 }) else {
                throw UnreadableRow(row: "a customer's stream row", problem: "NULL or malformed columns", context: context)
            }
            found.registered.insert(customerID)
            if isForgotten { found.forgotten.insert(customerID) }
        }
        try withoutPersonalDetail {
            let rows = try connection.query(
                "SELECT customer_id, name, email FROM customer_contacts WHERE customer_id = ANY($1::uuid[]) AND NOT forgotten", [wanted], context: context
            )
            for row in 0..<rows.rowCount {
                let columns = QueryRow(result: rows, row: row)
                guard let customerID: CustomerID = columns.identifier(0), let name = columns.string(1).flatMap({ try? PersonName($0) }),
                      let email = columns.string(2).flatMap({ try? EmailAddress($0) })
                else { throw UnreadableRow(row: "a customer_contacts row", problem: "NULL or malformed columns", context: context) }
                found.contacts[customerID] = ContactInfo(name: name, email: email)
            }
            let keyRows = try connection.query(
                "SELECT customer_id, encode(key, 'hex') FROM customer_keys WHERE customer_id = ANY($1::uuid[])", [wanted], context: context
            )
            for row in 0..<keyRows.rowCount {
                let columns = QueryRow(result: keyRows, row: row)
                guard let customerID: CustomerID = columns.identifier(0), let key = columns.string(1).flatMap(CustomerKey.init(hexadecimal:)) else {
                    throw UnreadableRow(row: "a customer_keys row", problem: "NULL or malformed columns", context: context)
                }
                found.keys[customerID] = key
            }
        }
        return found
    }

    /// Where an order's notification goes: the customer's contact on file now.
    func onFile(_ customerID: CustomerID, context: String) throws -> RecipientLookup {
        guard registered.contains(customerID) else { return .noContact }
        guard !forgotten.contains(customerID) else { return .forgotten }
        guard let contact = contacts[customerID] else {
            throw UnreadableRow(
                row: "the contact of customer \(customerID)", problem: "the contacts read model has no row; run `orderctl projections rebuild contacts`",
                context: context
            )
        }
        return .contact(contact)
    }

    /// The contact a registration recorded, opened with the customer's key; nil once they were forgotten
    /// (or the log was imported without keys).
    func registeredContact(of customerID: CustomerID, from line: FeedLine, context: String) throws -> ContactInfo? {
        guard !forgotten.contains(customerID), let key = keys[customerID] else { return nil }
        do {
            guard case let .customerRegistered(contact) = try CustomerEventCodec.decode(line.event.encoded, eventID: line.event.eventID, key: key) else {
                throw UnreadableRow(position: line.position, problem: "it is not a registration", context: context)
            }
            return contact
        } catch let error as EventDecodingError {
            throw UnreadableRow(position: line.position, problem: error.description, context: context)
        }
    }
}
