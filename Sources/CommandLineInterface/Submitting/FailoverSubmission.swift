import OrderDomain
import OrderService

/// `submit` across failovers: when the connection breaks, the server stops accepting writes, or a commit
/// is not confirmed by the synchronous standby, it reconnects through the address's hosts, settles the
/// lines whose answers were cut off from what the server it reached holds, and carries on.
///
/// Settling never guesses. First a commit of its own is confirmed by the synchronous standby, which
/// confirms every earlier commit on that server too; then each cut-off command is looked up by its id:
/// one that is there answers `accepted`, with the event it appended, and one that is not is applied now.
/// Lines without a `commandId` get ids that depend on the line number only, so a line handled again is
/// the same command. Only commands whose events lie past the log's end when the run began count as this
/// run's: one applied before answers `duplicate`, as it would have.
struct FailoverSubmission {
    /// Opens a session on a server that accepts writes (a `StoreFailure` when none answers).
    let openSession: () throws -> any StorageSession
    /// The runner for a session, answering `accepted` for the settled commits it is given.
    let makeRunner: (_ session: any StorageSession, _ settledCommits: [CommandID: EventReceipt]) -> SubmitRunner
    /// How long to keep trying after each loss; 0 stops at the first failure, as before failovers.
    let reconnectTimeoutSeconds: Double
    /// Says on standard error what is happening.
    let report: (String) -> Void

    /// Runs the lines through runners, reconnecting as often as needed; stops only on a failure that
    /// reconnecting cannot mend, or when reconnecting and settling took longer than the timeout.
    func run(_ reader: inout LineReader, emit: (SubmitResult) -> Void) throws {
        var session = try openSession()
        // Taken only when failovers are allowed: it costs a round trip.
        let startingPosition = reconnectTimeoutSeconds > 0 ? try session.commits.lastPosition() : 0
        var settled: [CommandID: EventReceipt] = [:]
        while true {
            let runner = makeRunner(session, settled)
            do {
                try runner.run(&reader, emit: emit)
                return
            } catch let failure as SubmitFailure where reconnectTimeoutSeconds > 0 && failure.mayPassAfterReconnecting {
                report("\(failure.underlying); reconnecting for up to \(Self.seconds(reconnectTimeoutSeconds))")
                // Lines given back by an earlier failover and not read again yet follow these: all of them
                // are settled anew, since the earlier settlement went with the runner that failed.
                reader.giveBack(failure.unansweredLines)
                (session, settled) = try recover(from: failure, settling: reader.linesToReadAgain, with: runner, startingPosition: startingPosition)
                let found = settled.count
                let first = reader.linesToReadAgain.first { !$0.isBlank }.map { "line \($0.number)" } ?? "the next line"
                report("reconnected to \(session.location); \(found) cut-off command\(found == 1 ? " was" : "s were") committed; carrying on from \(first)")
            }
        }
    }

    /// A session on a server that accepts writes, with the commands of `lines` it holds, within the
    /// timeout. A failure that reconnecting cannot mend ends the run as `failure`, with its reason.
    private func recover(
        from failure: SubmitFailure, settling lines: [InputLine], with runner: SubmitRunner, startingPosition: Int64
    ) throws -> (any StorageSession, [CommandID: EventReceipt]) {
        let deadline = MonotonicClock.seconds() + reconnectTimeoutSeconds
        var lastFailure: any Error = failure.underlying
        while true {
            do {
                let session = try openSession()
                try session.commits.confirmEarlierCommits(timeoutSeconds: max(0.001, deadline - MonotonicClock.seconds()))
                let receipts = try session.commits.receipts(ofCommands: runner.commandIDs(of: lines))
                return (session, receipts.filter { $0.value.position > startingPosition })
            } catch {
                let reason = (error as? InfrastructureFailure)?.error ?? error
                guard (reason as? StoreFailure)?.mayPassAfterReconnecting == true else {
                    throw Self.givingUp(failure, because: ReconnectionFailed(original: failure.underlying, reason: reason, timeoutSeconds: nil))
                }
                lastFailure = reason
            }
            let remaining = deadline - MonotonicClock.seconds()
            guard remaining > 0 else {
                throw Self.givingUp(failure, because: ReconnectionFailed(original: failure.underlying, reason: lastFailure, timeoutSeconds: reconnectTimeoutSeconds))
            }
            StopSignal.sleep(seconds: min(0.25, remaining), wakingOn: -1)
        }
    }

    /// `failure`, its lines and their fate kept, ended by why reconnecting failed.
    private static func givingUp(_ failure: SubmitFailure, because reason: ReconnectionFailed) -> SubmitFailure {
        var givenUp = failure
        givenUp.underlying = reason
        return givenUp
    }

    /// Seconds as a person reads them.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Reconnecting and settling did not succeed: within `--reconnect-timeout`, or at all.
struct ReconnectionFailed: Error, CustomStringConvertible {
    /// What cut the answers off.
    let original: any Error
    /// Why reconnecting failed: the last failure before the timeout, or one reconnecting cannot mend.
    let reason: any Error
    /// The timeout that ran out; nil when reconnecting failed for good before it did.
    let timeoutSeconds: Double?

    var description: String {
        guard let timeoutSeconds else { return "\(original); then reconnecting failed: \(reason)" }
        return "\(original); then no server accepting writes could settle the lines within --reconnect-timeout "
            + "\(FailoverSubmission.seconds(timeoutSeconds)) (last: \(reason))"
    }
}
