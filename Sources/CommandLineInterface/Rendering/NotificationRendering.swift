import JSONCoding
import OrderService

/// `notify status`, `list` and `show` output, as JSON and as text.
enum NotificationRendering {
    /// `counts`, `lag`, `oldestUnsentSeconds`, `lastSentAt`.
    static func json(_ status: NotificationStatus) -> JSONValue {
        var counts = JSONObject()
        for state in [NotificationState.pending, .sent, .failed, .dead, .skipped] { counts[state.rawValue] = .integer(status.count(state)) }
        return .object([
            "counts": .object(counts),
            "lag": .integer(status.lag),
            "oldestUnsentSeconds": status.oldestUnsentSeconds.map { .number(String(rounded($0))) } ?? .null,
            "lastSentAt": status.lastSentAt.map { .string($0.description) } ?? .null,
        ])
    }

    /// The status as a two-column table, with the events held back by an open transaction.
    static func text(_ status: NotificationStatus) -> String {
        var rows = NotificationState.allCases.map { [$0.rawValue, String(status.count($0))] }
        rows.append(["lag", "\(status.lag) event\(status.lag == 1 ? "" : "s") not yet prepared" + (status.heldBack > 0 ? " (\(status.heldBack) behind an open transaction)" : "")])
        rows.append(["oldest unsent", status.oldestUnsentSeconds.map { "\(rounded($0)) s" } ?? "none"])
        rows.append(["last sent", status.lastSentAt?.description ?? "never"])
        return TextTable(columns: [.text("notifications"), .text("")], rows: rows).rendered
    }

    /// One `notify list` line: `id`, `eventId`, `position`, `template`, `recipient`, `state`, `reason`,
    /// `attempts`, `lastError`, `nextAttemptAt`, `sentAt`, `messageId`.
    static func json(_ notification: NotificationSummary) -> JSONValue {
        .object(members(notification))
    }

    private static func members(_ notification: NotificationSummary) -> JSONObject {
        [
            "id": .string(notification.id.description),
            "eventId": .string(notification.origin.eventID.description),
            "position": .integer(Int(notification.origin.position)),
            "template": .string(notification.template.rawValue),
            "recipient": notification.recipient.map(JSONValue.string) ?? .null,
            "state": .string(notification.state.rawValue),
            "reason": notification.reason.map { .string($0.rawValue) } ?? .null,
            "attempts": .integer(notification.attempts),
            "lastError": notification.lastError.map(JSONValue.string) ?? .null,
            "nextAttemptAt": notification.nextAttemptAt.map { .string($0.description) } ?? .null,
            "sentAt": notification.sentAt.map { .string($0.description) } ?? .null,
            "messageId": .string(notification.messageID),
        ]
    }

    /// `notify list --format text`.
    static func table(_ notifications: [NotificationSummary]) -> TextTable {
        TextTable(
            columns: [.figure("position"), .text("id"), .text("template"), .text("state"), .figure("attempts"), .text("recipient"), .text("note")],
            rows: notifications.map { notification in
                [
                    String(notification.origin.position), notification.id.description, notification.template.rawValue, notification.state.rawValue,
                    String(notification.attempts), notification.recipient ?? "-", note(notification),
                ]
            }
        )
    }

    /// The list's fields, `message` (null when skipped or forgotten) and `attemptHistory`: each attempt's
    /// `attempt`, `startedAt`, `finishedAt`, `outcome` (null when the runner died mid-send) and `reply`.
    static func json(_ detail: NotificationDetail) -> JSONValue {
        var object = members(detail.summary)
        object["message"] = detail.message.map(JSONValue.string) ?? .null
        object["attemptHistory"] = .array(detail.attempts.map { attempt in
            .object([
                "attempt": .integer(attempt.attempt),
                "startedAt": .string(attempt.startedAt.description),
                "finishedAt": attempt.finishedAt.map { .string($0.description) } ?? .null,
                "outcome": attempt.outcome.map { .string($0.rawValue) } ?? .null,
                "reply": attempt.reply.map(JSONValue.string) ?? .null,
            ])
        })
        return .object(object)
    }

    /// `notify show --format text`: the fields, the attempts, then the message as sent.
    static func text(_ detail: NotificationDetail) -> String {
        let summary = detail.summary
        let fields = TextTable(
            columns: [.text("notification"), .text(summary.id.description)],
            rows: [
                ["template", summary.template.rawValue], ["state", summary.state.rawValue + (summary.reason.map { " (\($0.rawValue))" } ?? "")],
                ["event", "\(summary.origin.eventID) at position \(summary.origin.position)"], ["recipient", summary.recipient ?? "-"],
                ["attempts", String(summary.attempts)], ["last error", summary.lastError ?? "-"], ["next attempt", summary.nextAttemptAt?.description ?? "-"],
                ["sent", summary.sentAt?.description ?? "-"], ["message id", summary.messageID],
            ]
        )
        let attempts = TextTable(
            columns: [.figure("attempt"), .text("started"), .text("outcome"), .text("reply")],
            rows: detail.attempts.map { [String($0.attempt), $0.startedAt.description, $0.outcome?.rawValue ?? "unknown (runner stopped)", $0.reply ?? "-"] }
        )
        let message = detail.message.map { $0.replacingCRLF() } ?? "(no message: \(summary.reason == .forgotten ? "the customer was forgotten" : "nothing to send"))"
        return fields.rendered + "\n\n" + (detail.attempts.isEmpty ? "no attempts" : attempts.rendered) + "\n\n" + message
    }

    private static func note(_ notification: NotificationSummary) -> String {
        if let reason = notification.reason { return reason.rawValue }
        if let error = notification.lastError { return error }
        return notification.nextAttemptAt.map { "due \($0)" } ?? "-"
    }

    /// Seconds to the millisecond.
    private static func rounded(_ seconds: Double) -> Double {
        (seconds * 1_000).rounded() / 1_000
    }
}

private extension String {
    func replacingCRLF() -> String {
        split(separator: "\r\n", omittingEmptySubsequences: false).joined(separator: "\n")
    }
}
