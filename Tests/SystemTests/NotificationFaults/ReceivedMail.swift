import Foundation
import JSONCoding

/// The copies an SMTP test server (Tools/smtp/maildir_server.py) stored in its Maildir, one per message
/// received: read from `envelope/NAME.json` (written before `new/NAME`, see Tools/smtp/README.md) and the
/// message's own `Message-ID` header.
struct ReceivedMail {
    let messageID: String
    let recipients: [String]
    /// The server's clock when DATA ended, RFC 3339 with microseconds in UTC: ordered as text.
    let receivedAt: String

    /// The shared server `make test` starts, or nil outside make test.
    static var sharedServer: (url: String, maildir: URL)? {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["ORDERCTL_TEST_SMTP_URL"], !url.isEmpty, let maildir = environment["ORDERCTL_TEST_SMTP_MAILDIR"], !maildir.isEmpty
        else { return nil }
        return (url, URL(fileURLWithPath: maildir))
    }

    /// Every stored copy for a recipient containing `mark`, in the order received.
    static func copies(in maildir: URL, recipientsContaining mark: String) -> [ReceivedMail] {
        let envelopes = maildir.appendingPathComponent("envelope")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: envelopes.path)) ?? []
        var found: [ReceivedMail] = []
        for name in names where name.hasSuffix(".json") {
            // Cheap filter first: the shared Maildir holds every other test's mail too.
            guard let data = FileManager.default.contents(atPath: envelopes.appendingPathComponent(name).path),
                  let text = String(data: data, encoding: .utf8), text.contains(mark),
                  let envelope = try? JSONParser.parse(text).objectValue,
                  let recipients = envelope["rcpt_tos"]?.arrayValue?.compactMap(\.stringValue), recipients.contains(where: { $0.contains(mark) }),
                  let path = envelope["message"]?.stringValue, let receivedAt = envelope["received_at"]?.stringValue,
                  let message = FileManager.default.contents(atPath: maildir.appendingPathComponent(path).path)
            else { continue }
            found.append(ReceivedMail(messageID: messageID(of: message) ?? "(no Message-ID)", recipients: recipients, receivedAt: receivedAt))
        }
        return found.sorted { $0.receivedAt < $1.receivedAt }
    }

    /// How many copies of each Message-ID arrived.
    static func tally(_ copies: [ReceivedMail]) -> [String: Int] {
        copies.reduce(into: [:]) { $0[$1.messageID, default: 0] += 1 }
    }

    /// The `Message-ID` header's value, from the header section only.
    private static func messageID(of message: Data) -> String? {
        let text = String(decoding: message, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n").first ?? text
        for line in header.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("message-id:") {
            return line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
