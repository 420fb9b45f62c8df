import Foundation
import OrderService

/// Collects outcomes from concurrent workers.
final class ConcurrentOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [CommandOutcome] = []
    private var failures: [String] = []

    func append(_ outcome: CommandOutcome) { lock.withLock { outcomes.append(outcome) } }
    func fail(_ error: any Error) { lock.withLock { failures.append(String(describing: error)) } }
    var all: [CommandOutcome] { lock.withLock { outcomes } }
    var errors: [String] { lock.withLock { failures } }
}
