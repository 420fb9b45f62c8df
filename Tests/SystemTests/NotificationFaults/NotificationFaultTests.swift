import Foundation
import Testing

/// `notify run` under faults: runners killed, run side by side, stopped, left without their SMTP server or
/// their database, and a late commit behind the outbox's checkpoint. The tests are in the extensions
/// beside this file, one per fault. Serialized: each one already runs several processes on the two cores
/// `make test` shares with the other suites.
///
/// The contract they hold `notify run` to: any number of runners may work at once and no two send the
/// same notification; delivery is at least once; a message goes out twice only when a runner dies after
/// the SMTP server accepted it and before that was recorded, and both copies carry the same Message-ID;
/// the notifications of one stream are sent in event order.
@Suite("Notification faults", .serialized)
struct NotificationFaultTests {
    /// `make soak` sets ORDERCTL_SOAK_SCALE (10): more kills.
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["ORDERCTL_SOAK_SCALE"] ?? "") ?? 1)

    /// The SMTP server `make test` starts, shared with the other suites.
    static func sharedServer() throws -> (url: String, maildir: URL) {
        try #require(ReceivedMail.sharedServer, "ORDERCTL_TEST_SMTP_URL and ORDERCTL_TEST_SMTP_MAILDIR are not set: run `make test`, which starts the local SMTP server")
    }

    /// `notify run` on `url` sending through `smtp`, running until a signal ends it.
    static func launchRunner(_ url: String, smtp: String, _ extra: [String] = []) throws -> RunningOrderctl {
        try OrderctlProcess.launch(["notify", "run", "--smtp-url", smtp, "--database-url", url] + extra)
    }

    /// Checks the copies a Maildir holds for `listed` (marked `mark`): every notification arrived, nothing
    /// arrived that is not one of them, and a Message-ID arrived more than once only if `mayRepeat` allows
    /// it. Returns the copies per Message-ID.
    @discardableResult
    static func expectDelivered(
        _ listed: [OutboxReadings.Listed], in maildir: URL, mark: String, mayRepeat: (String) -> Bool = { _ in false },
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String: Int] {
        let copies = ReceivedMail.tally(ReceivedMail.copies(in: maildir, recipientsContaining: mark))
        let expected = Set(listed.map(\.messageID))
        let missing = expected.subtracting(copies.keys)
        let unknown = Set(copies.keys).subtracting(expected)
        let repeated = copies.filter { $0.value > 1 && !mayRepeat($0.key) }
        #expect(missing.isEmpty, "\(missing.count) of \(expected.count) never arrived, e.g. \(missing.sorted().prefix(3))", sourceLocation: sourceLocation)
        #expect(unknown.isEmpty, "copies under a Message-ID no notification has: \(unknown.sorted().prefix(3))", sourceLocation: sourceLocation)
        #expect(repeated.isEmpty, "arrived more than once: \(repeated.sorted { $0.key < $1.key }.prefix(5))", sourceLocation: sourceLocation)
        return copies
    }
}
