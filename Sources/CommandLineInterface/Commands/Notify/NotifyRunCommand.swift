import ArgumentParser
import MailMessage
import OrderDomain
import OrderService

/// `orderctl notify run`: prepares the notifications of new events and sends those due.
struct NotifyRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Prepare notifications for new events (gap-safe, commit order) and send those due over SMTP.",
        discussion: """
        Without --once it runs until SIGINT or SIGTERM, woken by appends and retries (LISTEN/NOTIFY, with a 1 s poll), \
        and finishes the message in flight before it stops. Any number of runners may work at once: no two send the \
        same notification. When the database goes away it reconnects for up to --reconnect-timeout seconds. \
        Exit status: 0 when everything it handled was sent or skipped, 1 when some failed or died, 3 when the \
        database is unreachable.
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Stop when nothing is due now instead of waiting for new events.")
    var once = false

    @Option(help: ArgumentHelp("smtp://[user:password@]host[:port][?tls=required] or smtps://... Default: $ORDERCTL_SMTP_URL.", valueName: "url"))
    var smtpURL: String?

    @Option(help: ArgumentHelp("The sender's address (From and the envelope). Default: $ORDERCTL_MAIL_FROM, else orders@localhost.", valueName: "address"))
    var from: String?

    @Option(help: "Attempts before a notification that keeps failing for now goes dead.")
    var maxAttempts = RetryPolicy.standard.maximumAttempts

    @Option(help: ArgumentHelp("Seconds to keep reconnecting after losing the database, before exiting 3.", valueName: "seconds"))
    var reconnectTimeout: Double = 60

    func validate() throws {
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
        guard reconnectTimeout >= 0 else { throw ValidationError("--reconnect-timeout must not be negative") }
        _ = try senderAddress()
        _ = try smtpAddress()
    }

    func run() throws {
        let wake = StopSignal.install()
        let environment = ApplicationEnvironment.current
        let mail: any MailSending
        do {
            mail = try environment.makeMailSender(try smtpAddress())
        } catch {
            throw ValidationError("--smtp-url: \(error)")
        }
        let runner = NotificationRunner(
            outbox: try connection.open().notifications, mail: mail, preparer: NotificationPreparer(sender: try senderAddress()),
            policy: RetryPolicy(maximumAttempts: maxAttempts), clock: environment.clock, jitter: { Double.random(in: 0..<1) }
        )
        let progress = DeliveryProgress()
        while true {
            do {
                // Without --once it waits for work, woken by appends and retries.
                if !once { try runner.outbox.listenForWork() }
                try runner.run(once: once, shouldStop: { StopSignal.isRequested }, wait: { try runner.outbox.waitForWork(timeout: $0, orReadable: wake) }) {
                    progress.show($0, status: { try? runner.outbox.status() })
                }
                break
            } catch let failure as StoreFailure where !once && failure.mayPassAfterReconnecting {
                StandardStreams.printLine("notify run: lost the database (\(failure.reason)); reconnecting for up to \(Int(reconnectTimeout)) s", to: .error)
                guard let session = connection.reopen(for: .everyday, within: reconnectTimeout, wakingOn: wake) else { throw InfrastructureFailure(failure) }
                runner.use(session.notifications)
                StandardStreams.printLine("notify run: reconnected to \(session.location); resuming from the outbox checkpoint", to: .error)
            } catch {
                progress.finish()
                throw InfrastructureFailure(error)
            }
        }
        progress.finish()
        let tally = runner.tally
        // Events behind a transaction still open anywhere on the cluster cannot be read yet: say so, or a
        // --once run that found nothing to do would look as if the log had nothing new.
        let heldBack = (try? runner.outbox.status())?.heldBack ?? 0
        StandardStreams.printLine(
            "notify run: \(tally.sent) sent, \(tally.skipped) skipped, \(tally.failed) failed for now, \(tally.dead) dead; \(tally.eventsRead) events read"
                + (heldBack > 0 ? "; \(heldBack) newer events wait for an older transaction to end (projections status names it)" : "")
                + (StopSignal.isRequested ? " (stopped on request)" : ""),
            to: .error
        )
        if !tally.allDelivered { throw ExitStatus.refused }
    }

    private func senderAddress() throws -> MailAddress {
        let text = from ?? ProcessEnvironment.value(of: "ORDERCTL_MAIL_FROM") ?? "orders@localhost"
        do {
            let address = try MailAddress(address: text)
            // The envelope's rule too (one `@`, 3 to 254 octets): MailAddress only keeps the header intact,
            // and a sender the envelope refuses, such as "orders", made every prepared notification dead.
            _ = try MailEnvelope(sender: address.address, recipients: [address.address])
            return address
        } catch {
            throw ValidationError("--from must be a plain address (local@domain), not \"\(text.prefix(60))\"")
        }
    }

    private func smtpAddress() throws -> String {
        guard let url = smtpURL ?? ProcessEnvironment.value(of: "ORDERCTL_SMTP_URL") else {
            throw ValidationError("give the SMTP server with --smtp-url or ORDERCTL_SMTP_URL (smtp://host:port)")
        }
        return url
    }
}
