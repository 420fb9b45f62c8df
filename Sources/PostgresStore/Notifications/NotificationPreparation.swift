import MailMessage
import OrderDomain
import OrderProjections
import OrderService
import PersonalDataProtection
import PostgresClient

/// One preparation batch: the settled events past the outbox checkpoint, the notifications they give,
/// and the checkpoint moved past them, in one transaction.
///
/// It reads as the projections do (gap-safe commit order, below the oldest running transaction), so an
/// event that commits late behind a long transaction waits and is never passed. The checkpoint row is
/// locked `FOR UPDATE SKIP LOCKED`: one runner prepares at a time, the others go on sending.
package struct NotificationPreparation {
    private let connection: DatabaseConnection
    private let context = "preparing notifications"

    /// Uses an open connection.
    package init(connection: DatabaseConnection) {
        self.connection = connection
    }

    /// Prepares the notifications of at most `limit` settled events. A deadlock with a writer (the batch
    /// locks customers' stream rows, which customer appends update) rolls the batch back whole: it is
    /// reported as busy, and the next round prepares it again.
    package func prepareBatch(limit: Int, preparer: NotificationPreparer, now: MailDate) throws -> PreparationOutcome {
        do {
            return try prepareInTransaction(limit: limit, preparer: preparer, now: now)
        } catch let error as PostgresError where error.sqlState?.isTransactionRollback == true {
            return .busy
        }
    }

    private func prepareInTransaction(limit: Int, preparer: NotificationPreparer, now: MailDate) throws -> PreparationOutcome {
        try connection.transaction(context: context) {
            guard let checkpoint = try lockCheckpoint() else { return .busy }
            let batch = try connection.query(
                """
                SELECT events.transaction_id::text AS transaction_text, events.global_position, events.event_type FROM events
                WHERE (events.transaction_id, events.global_position) > ($1::xid8, $2::bigint)
                  AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY events.transaction_id, events.global_position
                LIMIT $3::bigint
                """,
                [String(checkpoint.transactionID), String(checkpoint.position), String(limit)], context: context
            )
            guard batch.rowCount > 0 else { return .caughtUp }
            var notifiable: [Int64] = []
            var last = checkpoint
            for row in 0..<batch.rowCount {
                let columns = QueryRow(result: batch, row: row)
                guard let transactionID = columns.string(0).flatMap({ UInt64($0) }), let position = columns.integer(1), let type = columns.string(2) else {
                    throw UnreadableRow(position: columns.integer(1), problem: "NULL or malformed columns", context: context)
                }
                if NotificationTemplate(eventType: type) != nil { notifiable.append(position) }
                last = ProjectionCheckpoint(transactionID: transactionID, position: position)
            }
            let prepared = try candidates(at: notifiable).map { preparer.prepare($0, date: now) }
            let counts = try insert(prepared)
            try connection.execute(
                "UPDATE notification_outbox SET checkpoint_transaction_id = $1::xid8, checkpoint_position = $2::bigint, moved_at = now()",
                [String(last.transactionID), String(last.position)], context: context
            )
            // Idle runners wake to help send what this batch made due.
            if counts.pending > 0 { try connection.execute("SELECT pg_notify($1, '')", [NotificationChannel.name], context: context) }
            return .prepared(events: batch.rowCount, pending: counts.pending, skipped: counts.skipped, unsendable: counts.unsendable)
        }
    }

    /// The checkpoint, locked for this transaction; nil when another preparer holds it.
    private func lockCheckpoint() throws -> ProjectionCheckpoint? {
        let locked = try connection.execute(
            "SELECT checkpoint_transaction_id::text, checkpoint_position FROM notification_outbox FOR UPDATE SKIP LOCKED", context: context
        )
        guard locked.rowCount == 1 else {
            let present = try connection.execute("SELECT 1 FROM notification_outbox", context: context)
            guard present.rowCount == 1 else {
                throw PostgresError(kind: .schemaOutdated, message: "the outbox checkpoint row is missing; run `orderctl migrate`", context: context)
            }
            return nil
        }
        guard let transactionID = locked.string(row: 0, column: 0).flatMap({ UInt64($0) }), let position = locked.integer(row: 0, column: 1) else {
            throw UnreadableRow(row: "the outbox checkpoint", problem: "NULL or malformed columns", context: context)
        }
        return ProjectionCheckpoint(transactionID: transactionID, position: position)
    }

    /// The notifications the events at `positions` give, with the facts found for them now.
    private func candidates(at positions: [Int64]) throws -> [NotificationCandidate] {
        guard !positions.isEmpty else { return [] }
        let result = try connection.query(
            "SELECT \(StoredEventRow.columns(of: "events")) FROM events WHERE global_position = ANY($1::bigint[]) ORDER BY global_position",
            [PostgresArrayLiteral.literal(positions.map(String.init))], context: context
        )
        let lines = try (0..<result.rowCount).map { try StoredEventRow.feedLine(QueryRow(result: result, row: $0), context: context) }
        // Every line here gives a notification: a registration its welcome, any other line an order's.
        let isRegistration = { (line: FeedLine) in line.event.type == CustomerEvent.Kind.customerRegistered.rawValue }
        let registrations = lines.filter(isRegistration)
        let orders = try ordersAsNotified(by: lines.filter { !isRegistration($0) })
        let customers = Set(registrations.map { CustomerID($0.event.orderID.uuid) } + orders.values.map(\.order.customer))
        let recipients = try CustomerRecipients.lookUp(customers, on: connection, context: context)
        return try lines.compactMap { line in
            let origin = { (customerID: CustomerID) in
                NotificationOrigin(
                    eventID: line.event.eventID, position: line.position, streamID: StreamID(line.event.orderID.uuid), streamVersion: line.event.version,
                    customerID: customerID
                )
            }
            if isRegistration(line) {
                let customerID = CustomerID(line.event.orderID.uuid)
                return .welcome(origin(customerID), registered: try recipients.registeredContact(of: customerID, from: line, context: context))
            }
            guard let view = orders[line.event.orderID] else {
                throw UnreadableRow(position: line.position, problem: "its order could not be folded", context: context)
            }
            let event: OrderEvent
            do throws(EventDecodingError) {
                event = try EventCodec.decode(try EventUpcasting.upcast(line.event.encoded, orderCurrency: view.order.currency))
            } catch {
                throw UnreadableRow(position: line.position, problem: error.description, context: context)
            }
            let customerID = view.order.customer
            return .of(event, orderID: line.event.orderID, order: view.order, origin: origin(customerID), recipient: try recipients.onFile(customerID, context: context))
        }
    }

    /// Each order of `lines` folded to the version its confirmation needs (its lines and total then), or to
    /// its first notifying event of the batch: the customer and currency never change.
    private func ordersAsNotified(by lines: [FeedLine]) throws -> [OrderID: OrderView] {
        var targets: [String: Int] = [:]
        for line in lines {
            let stream = line.event.orderID.description
            if line.event.type == OrderEvent.Kind.orderConfirmed.rawValue {
                targets[stream] = line.event.version
            } else if targets[stream] == nil {
                targets[stream] = line.event.version
            }
        }
        guard !targets.isEmpty else { return [:] }
        let views = try StreamFolding.views(of: targets, on: connection, context: context)
        return Dictionary(views.map { ($0.orderID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Records the prepared notifications with one statement; one already there (prepared before a crash
    /// that lost the checkpoint's move, which cannot happen, or by a rerun) is left as it is.
    private func insert(_ notifications: [PreparedNotification]) throws -> (pending: Int, skipped: Int, unsendable: Int) {
        var counts = (pending: 0, skipped: 0, unsendable: 0)
        guard !notifications.isEmpty else { return counts }
        var columns = Array(repeating: [String?](), count: 13)
        for notification in notifications {
            let origin = notification.origin
            var state = "pending", reason: String?, sender: String?, recipient: String?, message: String?, lastError: String?
            switch notification.disposition {
            case let .pending(from, to, text):
                (sender, recipient, message) = (from, to, text)
                counts.pending += 1
            case let .skipped(why):
                (state, reason) = ("skipped", why.rawValue)
                counts.skipped += 1
            case let .unsendable(why):
                (state, lastError) = ("dead", why)
                counts.unsendable += 1
            }
            let values: [String?] = [
                notification.id.description, origin.eventID.description, String(origin.position), origin.streamID.description, String(origin.streamVersion),
                origin.customerID.description, notification.template.rawValue, state, reason, sender, recipient, message, lastError,
            ]
            for (index, value) in values.enumerated() { columns[index].append(value) }
        }
        _ = try withoutPersonalDetail {
            try connection.execute(
                """
                INSERT INTO notifications (
                    notification_id, event_id, global_position, stream_id, stream_version, customer_id, template, state, reason,
                    sender, recipient, message, last_error, next_attempt_at)
                SELECT n.id, n.event_id, n.position, n.stream_id, n.version, n.customer_id, n.template, n.state, n.reason,
                       n.sender, n.recipient, n.message, n.last_error, CASE WHEN n.state = 'pending' THEN now() END
                FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::integer[], $6::uuid[], $7::text[], $8::text[], $9::text[],
                            $10::text[], $11::text[], $12::text[], $13::text[])
                    AS n (id, event_id, position, stream_id, version, customer_id, template, state, reason, sender, recipient, message, last_error)
                ON CONFLICT DO NOTHING
                """,
                columns.map(PostgresArrayLiteral.literal), context: context
            )
        }
        return counts
    }
}
