import CommandLineInterface
import PostgresStore
import SMTPDelivery

// The composition root: the one place that chooses what stands behind the application's ports.
// PostgreSQL keeps the log, the system clock stamps events, the kernel's randomness makes ids, and
// libcurl carries notifications to the SMTP server.
let identifiers = RandomUUIDSource()
Orderctl.runAsMain(
    in: ApplicationEnvironment(
        storage: PostgresStorage(), clock: SystemClock.now, makeIdentifier: { identifiers.next() },
        makeMailSender: { url in CurlMailSender(configuration: try SMTPConfiguration(url: url)) }
    )
)
