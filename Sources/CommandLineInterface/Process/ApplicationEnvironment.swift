import FoundationEssentials
import OrderDomain
import OrderService

/// What every subcommand runs with: the store behind the ports, the clock and the source of new ids.
///
/// The composition root (the `orderctl` executable's `main.swift`) builds it once from the process's
/// configuration and runs the command line inside it; a subcommand takes what it needs from `current`
/// and knows nothing of the implementations behind it.
public struct ApplicationEnvironment: Sendable {
    /// Opens sessions to the store.
    public let storage: any StorageConnector
    /// Now, as events record it.
    public let clock: @Sendable () -> Timestamp
    /// A fresh random id, for command and event ids.
    public let makeIdentifier: @Sendable () -> UUID
    /// The mail transport for an SMTP URL (`notify run`); throws, with a reason that never repeats a
    /// password, when the URL is not one it can use.
    public let makeMailSender: @Sendable (_ url: String) throws -> any MailSending

    /// Wires the environment's parts.
    public init(
        storage: any StorageConnector, clock: @escaping @Sendable () -> Timestamp, makeIdentifier: @escaping @Sendable () -> UUID,
        makeMailSender: @escaping @Sendable (_ url: String) throws -> any MailSending
    ) {
        self.storage = storage
        self.clock = clock
        self.makeIdentifier = makeIdentifier
        self.makeMailSender = makeMailSender
    }

    /// A command handler that writes through `store`, stamping events with this environment's clock and ids.
    func commandHandler(writingTo store: any OrderEventStore) -> CommandHandler {
        CommandHandler(store: store, clock: clock, makeEventID: { EventID(makeIdentifier()) })
    }

    /// A customer command handler that writes through `store`, stamping events with this environment's
    /// clock and ids; keys come from the system's random source.
    func customerCommandHandler(writingTo store: any CustomerEventStore) -> CustomerCommandHandler {
        CustomerCommandHandler(store: store, clock: clock, makeEventID: { EventID(makeIdentifier()) })
    }

    /// The environment the command line runs in, bound by `Orderctl.runAsMain(in:)`.
    @TaskLocal static var bound: ApplicationEnvironment?

    /// The environment of this run; only the composition root can fail to provide one. A task-local is
    /// bound on the thread that runs the command line: read it there, and hand what another thread
    /// needs (the batch writer's queue) over as a value, never by reading `current` on that thread.
    static var current: ApplicationEnvironment {
        guard let bound else { preconditionFailure("orderctl ran without its composition root: call Orderctl.runAsMain(in:)") }
        return bound
    }
}
