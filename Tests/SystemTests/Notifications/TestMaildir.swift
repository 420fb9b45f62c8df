import Foundation
import JSONCoding

/// The test SMTP server's Maildir: `new/NAME` holds each accepted message, `envelope/NAME.json` its
/// envelope, written first (Tools/smtp/README.md).
///
/// Every test running at once sends to the same server, and the Maildir keeps the messages of earlier runs,
/// so a test never counts what is there: it looks for its own messages by their Message-ID, which is
/// `<NOTIFICATION_ID@orderctl>` and so unique to the notification, among the messages stored since it began.
struct TestMaildir {
    let root: URL

    /// Every stored copy of each message whose `Message-ID` header is one of `messageIDs`, keyed by it; a
    /// message that was not received has an empty list. Only files named for a second at or after `since`
    /// (less one, for the rounding of the name) are read.
    func messages(withMessageIDs messageIDs: [String], since: Date) throws -> [String: [StoredMail]] {
        var found = Dictionary(uniqueKeysWithValues: messageIDs.map { ($0, [StoredMail]()) })
        let folder = root.appendingPathComponent("new")
        let earliest = Int(since.timeIntervalSince1970) - 1
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            guard let seconds = name.split(separator: ".").first.flatMap({ Int($0) }), seconds >= earliest else { continue }
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { continue }
            // Decoded leniently only to look for the header line: the strict parse comes later, in the test.
            let text = String(decoding: data, as: UTF8.self)
            guard let headerEnd = text.range(of: "\r\n\r\n") else { continue }
            let header = text[..<headerEnd.lowerBound]
            for messageID in messageIDs where header.contains("\r\nMessage-ID: \(messageID)") || header.hasPrefix("Message-ID: \(messageID)") {
                found[messageID, default: []].append(StoredMail(name: name, bytes: Array(data), envelope: try envelope(of: name)))
            }
        }
        return found
    }

    /// The one copy of the message with `messageID`; a failure when there is none or more than one.
    func message(withMessageID messageID: String, since: Date) throws -> StoredMail {
        let copies = try messages(withMessageIDs: [messageID], since: since)[messageID] ?? []
        guard copies.count == 1 else { throw UnexpectedCopies(messageID: messageID, count: copies.count) }
        return copies[0]
    }

    private func envelope(of name: String) throws -> JSONObject {
        let path = root.appendingPathComponent("envelope").appendingPathComponent(name + ".json").path
        guard let data = FileManager.default.contents(atPath: path), let object = try JSONParser.parse(String(decoding: data, as: UTF8.self)).objectValue
        else { throw MissingEnvelope(name: name) }
        return object
    }

    struct UnexpectedCopies: Error, CustomStringConvertible {
        let messageID: String
        let count: Int
        var description: String { "the Maildir holds \(count) copies of the message \(messageID), not one" }
    }

    struct MissingEnvelope: Error, CustomStringConvertible {
        let name: String
        var description: String { "the Maildir has no readable envelope/\(name).json beside new/\(name)" }
    }
}
