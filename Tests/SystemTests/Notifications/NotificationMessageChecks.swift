import Foundation
import OrderDomain
import Testing

/// The checks every sent notification's message must pass, whatever its template: its header parsed
/// strictly, exactly the fields orderctl writes, the right addresses in the header and the envelope, and
/// the Message-ID `notify list` shows.
enum NotificationMessageChecks {
    /// The header fields of a notification, and no other: no `Bcc`, `Cc` or anything a text could add.
    static let fieldNames = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"]

    /// Checks `mail` as the message of `notification`, to `name` at `recipient`, from `NotificationScenario.sender`,
    /// written between `preparedAfter` and now; returns it parsed for the template's own checks.
    @discardableResult
    static func expectWellFormed(
        _ mail: StoredMail, of notification: ListedNotification, to name: String, at recipient: String, preparedAfter: Date,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ReceivedMessage {
        let message = try mail.parsed()
        #expect(message.fields.map(\.name).sorted() == fieldNames.sorted(), "the header fields of \(notification.template)", sourceLocation: sourceLocation)
        #expect(try message.value(of: "Message-ID") == notification.messageID, sourceLocation: sourceLocation)
        #expect(notification.messageID == "<\(notification.id)@orderctl>", sourceLocation: sourceLocation)
        #expect(try message.mailbox("To") == ReceivedMessage.Mailbox(displayName: name, address: recipient), sourceLocation: sourceLocation)
        #expect(try message.mailbox("From").address == NotificationScenario.sender, sourceLocation: sourceLocation)
        #expect(mail.envelopeSender == NotificationScenario.sender, sourceLocation: sourceLocation)
        #expect(mail.envelopeRecipients == [recipient], "the envelope goes to the notification's recipient only", sourceLocation: sourceLocation)
        #expect(try message.value(of: "MIME-Version") == "1.0", sourceLocation: sourceLocation)
        #expect(try message.value(of: "Content-Type").lowercased() == "text/plain; charset=utf-8", sourceLocation: sourceLocation)
        #expect(try message.value(of: "Content-Transfer-Encoding").lowercased() == "quoted-printable", sourceLocation: sourceLocation)
        #expect(message.longestHeaderLine <= 78, "RFC 5322 §2.1.1: header lines of at most 78 characters", sourceLocation: sourceLocation)
        #expect(message.longestBodyLine <= 76, "RFC 2045 §6.7: quoted-printable lines of at most 76 characters", sourceLocation: sourceLocation)
        let date = try message.value(of: "Date")
        let parsed = try #require(Self.rfc5322Date(date), "Date is not RFC 5322: \(date)", sourceLocation: sourceLocation)
        #expect(parsed >= preparedAfter.addingTimeInterval(-2) && parsed <= Date().addingTimeInterval(2), "Date \(date) is not the time it was prepared", sourceLocation: sourceLocation)
        return message
    }

    /// `Wed, 02 Dec 2026 15:16:36 +0000` as a date, nil when it is not one.
    static func rfc5322Date(_ text: String) -> Date? {
        guard text.range(of: #"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$"#, options: .regularExpression) != nil
        else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.date(from: text)
    }

    /// The one body line that names `product`, nil when none or several do.
    static func itemLine(of product: String, in body: String) -> String? {
        let lines = body.split(separator: "\n").filter { $0.contains(product) }
        return lines.count == 1 ? String(lines[0]) : nil
    }

    /// Whether `line` gives `quantity` as a word of its own, then the unit price, then the subtotal.
    static func line(_ line: String, has quantity: Int, unitPrice: String, subtotal: String) -> Bool {
        guard line.split(separator: " ").contains(Substring(String(quantity))),
              let unit = line.range(of: " " + unitPrice), let sub = line.range(of: " " + subtotal, range: unit.upperBound..<line.endIndex)
        else { return false }
        return sub.upperBound == line.endIndex || !line[sub.upperBound].isNumber
    }
}
