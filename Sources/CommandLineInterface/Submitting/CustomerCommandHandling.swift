import OrderService

/// What `submit` needs to handle customer commands: one alone, or several together in one transaction
/// (nil when they cannot be written together: then each goes alone). Throws only for an
/// infrastructure failure (a `StoreFailure` of kind `valueRefused` answers the line `invalid`).
///
/// A protocol rather than the concrete `CustomerCommandHandler`, so tests can pass a double that records
/// its calls or fails on purpose.
public protocol CustomerCommandHandling {
    /// Handles one command in its own transaction.
    func handle(_ envelope: CustomerCommandEnvelope) throws -> CustomerCommandOutcome
    /// Handles several commands in one transaction, answering as one by one would; nil when they cannot
    /// be written together, and then nothing was written.
    func handle(together envelopes: [CustomerCommandEnvelope]) throws -> [CustomerCommandOutcome]?
}

extension CustomerCommandHandler: CustomerCommandHandling {}
