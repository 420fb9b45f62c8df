import OrderService

/// Handles one customer command in its own transaction and says what became of it; throws only for
/// an infrastructure failure (a `StoreFailure` of kind `valueRefused` answers the line `invalid`).
///
/// A closure rather than a concrete handler, so `submit` depends on no customer implementation: the
/// customer command path is written on another branch, and tests pass a fake that records its calls.
public typealias CustomerCommandHandling = (CustomerCommandEnvelope) throws -> CustomerCommandOutcome
