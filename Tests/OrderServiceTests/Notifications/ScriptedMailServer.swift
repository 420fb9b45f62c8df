import OrderService

/// A mail transport twin that answers each recipient from a script of outcomes and remembers what it was
/// handed; after a recipient's script runs out it accepts.
final class ScriptedMailServer: MailSending {
    var script: [String: [MailSendingOutcome]]
    private(set) var handed: [(recipient: String, message: String)] = []

    init(script: [String: [MailSendingOutcome]] = [:]) {
        self.script = script
    }

    func send(_ message: [UInt8], envelope: MailEnvelope) -> MailSendingOutcome {
        let recipient = envelope.recipients[0]
        handed.append((recipient, String(decoding: message, as: UTF8.self)))
        guard var outcomes = script[recipient], !outcomes.isEmpty else { return .accepted(reply: "250 queued") }
        let outcome = outcomes.removeFirst()
        script[recipient] = outcomes
        return outcome
    }
}
