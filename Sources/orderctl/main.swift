import CommandLineInterface
import PostgresStore

// The composition root: the one place that chooses what stands behind the application's ports.
// PostgreSQL keeps the log, the system clock stamps events, and the kernel's randomness makes ids.
let identifiers = RandomUUIDSource()
Orderctl.runAsMain(in: ApplicationEnvironment(storage: PostgresStorage(), clock: SystemClock.now, makeIdentifier: { identifiers.next() }))
