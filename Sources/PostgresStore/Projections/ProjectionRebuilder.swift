import PostgresClient
import OrderProjections

/// Rebuilds a read model into a new table while appends and queries go on, then switches to it at once.
///
/// Build from the whole log (one pass in stream order up to the head, see `ProjectionBulkBuild`), catch up
/// in gap-safe commit order, verify against the log, catch up again, then switch in one short transaction
/// that holds appends back only while it projects the last few events. Every step before the switch
/// touches only the new table, so a failure or a kill leaves the live read model as it was, and the next
/// rebuild resumes from the new table's checkpoint.
package final class ProjectionRebuilder {
    /// How a new, empty table gets the log up to the head.
    package enum FirstPass: Sendable {
        /// One pass over the log in stream order (`ProjectionBulkBuild`): each event read once.
        case wholeStreams
        /// Commit-order batches of `batchSize`, like the catch-up runner: each batch re-reads its streams.
        case commitOrderBatches
    }

    private let connection: DatabaseConnection
    private let runner: ProjectionRunner
    private let batchSize: Int
    private let firstPass: FirstPass

    /// Uses an open connection; `batchSize` events per transaction while catching up (and between progress
    /// reports of the bulk pass).
    package init(connection: DatabaseConnection, batchSize: Int = 5_000, firstPass: FirstPass = .wholeStreams) {
        self.connection = connection
        self.runner = ProjectionRunner(connection: connection)
        self.batchSize = batchSize
        self.firstPass = firstPass
    }

    /// Rebuilds one read model at its current version.
    package func rebuild(
        _ readModel: ReadModel,
        progress: (RebuildProgress) -> Void = { _ in },
        shouldStop: () -> Bool = { false }
    ) throws -> RebuildReport {
        var reports: [RebuildReport] = []
        try rebuild([readModel], progress: progress, shouldStop: shouldStop) { reports.append($0) }
        guard let report = reports.first else { throw ProjectionRebuildError.interrupted(readModel) }
        return report
    }

    /// Rebuilds several read models at their current versions, handing each report to `reported` as its
    /// table goes live, in the order given.
    ///
    /// Their new tables are filled by one first pass (`ProjectionBulkBuild`): the log is read and folded
    /// once for all of them, not once each. Then each in turn catches up, is verified and switched, as a
    /// rebuild of it alone would be.
    package func rebuild(
        _ readModels: [ReadModel],
        progress: (RebuildProgress) -> Void = { _ in },
        shouldStop: () -> Bool = { false },
        reported: (RebuildReport) throws -> Void
    ) throws {
        guard !readModels.isEmpty else { return }
        try dropRetiredTables()
        var builds: [Build] = []
        // New tables all start at the beginning: the log is counted once for them (a scan of it), not once each.
        var totals: [ProjectionCheckpoint: Int] = [:]
        for readModel in readModels {
            let (entry, resumed) = try buildingEntry(for: readModel)
            let total = try totals[entry.checkpoint] ?? ProjectionLag.of(entry, on: connection).events
            totals[entry.checkpoint] = total
            builds.append(Build(entry: entry, resumed: resumed, tally: Tally(readModel: readModel, total: total)))
        }
        // Every event committed before this point is built and verified before the switch, so the switch
        // itself only projects what writers add meanwhile, however long a transaction elsewhere stays open.
        let head = try ProjectionRunner.newestCommittedEvent(on: connection)
        progress(builds[0].tally.progress(.building))
        // The tables are verified one after another, usually at one checkpoint: they share the log's aggregate.
        var logVersions: ProjectionCheckpoint?
        defer { if logVersions != nil { ProjectionVerification.dropLogVersions(on: connection) } }
        let bulkBuilt = try buildWholeStreams(&builds, through: head, logVersions: &logVersions, progress: progress, shouldStop: shouldStop)
        for var build in builds {
            let entry = build.entry, readModel = build.tally.readModel
            if build.tally.readModel != builds[0].tally.readModel { progress(build.tally.progress(.building)) }
            try catchUp(entry, through: head, tally: &build.tally, progress: progress, shouldStop: shouldStop)

            progress(build.tally.progress(.verifying))
            let verification = try verify(entry, of: readModel, bulkBuiltThrough: bulkBuilt.contains(entry.id) ? head : nil, logVersions: &logVersions)
            // Writers went on during the verification: take those events now, not while appends wait.
            try catchUp(registryID: entry.id, reporting: .catchingUp, tally: &build.tally, progress: progress, shouldStop: shouldStop)
            if shouldStop() { throw ProjectionRebuildError.interrupted(readModel) }

            progress(build.tally.progress(.switching))
            var switched = 0
            let switchSeconds = try Self.secondsTaken { switched = try switchToLive(registryID: entry.id) }
            build.tally.done += switched
            try dropRetiredTables()
            progress(build.tally.progress(.done))
            try reported(RebuildReport(
                readModel: readModel, version: entry.version, tableName: entry.tableName, resumed: build.resumed,
                events: build.tally.done, verification: verification, switchSeconds: switchSeconds
            ))
        }
    }

    /// The first pass in stream order (`FirstPass.wholeStreams`) into the new, empty tables, all from one
    /// read of the log. Returns the ids of the tables it built through `head` (none when it did not run:
    /// the commit-order catch-up then covers the whole log).
    ///
    /// The bulk pass covers the log up to the head exactly, so its rows need no second fold: the
    /// verification refolds only the streams the commit-order catch-up touched after it, and compares the
    /// rest with the log's aggregate up to the head, which `connection` computes while the pass runs on
    /// sessions of its own (`logVersions` is then the head). The aggregate was a third of the time after
    /// the pass, with one of the two cores idle; beside the pass it fills the moments the pass waits.
    private func buildWholeStreams(
        _ builds: inout [Build], through head: ProjectionCheckpoint?, logVersions: inout ProjectionCheckpoint?,
        progress: (RebuildProgress) -> Void, shouldStop: () -> Bool
    ) throws -> Set<Int> {
        let empty = builds.filter { $0.entry.checkpoint == .beginning }
        guard firstPass == .wholeStreams, let head, let first = empty.first else { return [] }
        try runner.waitUntilSettled(through: head, shouldStop: shouldStop) { blocking in
            progress(first.tally.progress(.waiting, blocking: blocking))
        }
        if shouldStop() { throw ProjectionRebuildError.interrupted(first.tally.readModel) }
        // The pass reports as the first read model it builds: the display shows one read model at a time.
        let readModel = first.tally.readModel, total = first.tally.total
        let context = "aggregating the log up to \(head) for the verifications"
        try ProjectionVerification.startAggregatingLogVersions(upTo: head, on: connection, context: context)
        let events: Int, built: Set<Int>
        do {
            (events, built) = try ProjectionBulkBuild.run(empty.map(\.entry), through: head, on: connection, reportInterval: batchSize, progress: { events in
                progress(RebuildProgress(readModel: readModel, phase: .building, eventsDone: events, eventsTotal: max(total, events)))
            }, shouldStop: shouldStop)
        } catch {
            // The session must be free again for what the caller does with it next, without waiting for
            // an aggregate of the whole log that nothing will use.
            connection.abandonSent()
            ProjectionVerification.dropLogVersions(on: connection)
            throw error
        }
        try connection.finishSent(context: context)
        logVersions = head
        for index in builds.indices where built.contains(builds[index].entry.id) {
            builds[index].tally.done += events
        }
        if let first = builds.first(where: { built.contains($0.entry.id) }) { progress(first.tally.progress(.building)) }
        return built
    }

    /// Catches up in commit order, then waits for the transactions still open at `head` to end, taking
    /// what they commit as they go, so that the verification covers every event committed before it.
    private func catchUp(
        _ entry: RegisteredProjection, through head: ProjectionCheckpoint?, tally: inout Tally,
        progress: (RebuildProgress) -> Void, shouldStop: () -> Bool
    ) throws {
        try catchUp(registryID: entry.id, reporting: .building, tally: &tally, progress: progress, shouldStop: shouldStop)
        try runner.wait(registryID: entry.id, through: head, shouldStop: shouldStop) { blocking in
            progress(tally.progress(.waiting, blocking: blocking))
            // Still "waiting" while it takes what the open transactions let through: one phase, so a log
            // gets a line every few seconds rather than one per poll.
            try catchUp(registryID: entry.id, reporting: .waiting, blocking: blocking, tally: &tally, progress: progress, shouldStop: shouldStop)
        }
        if shouldStop() { throw ProjectionRebuildError.interrupted(tally.readModel) }
    }

    /// Projects the committed events the new table lacks, reporting each batch in `phase`.
    private func catchUp(
        registryID: Int, reporting phase: RebuildProgress.Phase, blocking: OpenTransaction? = nil, tally: inout Tally,
        progress: (RebuildProgress) -> Void, shouldStop: () -> Bool
    ) throws {
        _ = try runner.catchUp(
            registryID: registryID, batchSize: batchSize,
            afterBatch: { events in
                tally.done += events
                progress(tally.progress(phase, blocking: blocking))
            },
            shouldStop: shouldStop
        )
    }

    /// Compares the new table with the log; a build that does not match is discarded, never switched to.
    private func verify(
        _ entry: RegisteredProjection, of readModel: ReadModel, bulkBuiltThrough bulkHead: ProjectionCheckpoint?,
        logVersions: inout ProjectionCheckpoint?
    ) throws -> ProjectionVerification {
        let verification = try ProjectionVerification.run(
            registryID: entry.id, bulkBuiltThrough: bulkHead, logVersions: &logVersions, on: connection
        )
        guard verification.matches else {
            try connection.transaction(context: "discarding a build that failed verification") {
                try ProjectionRegistry.discard(entry, on: connection)
            }
            throw ProjectionRebuildError.verificationFailed(readModel, verification)
        }
        return verification
    }

    /// How long `work` took, in seconds: the report shows how long appends waited for the switch.
    private static func secondsTaken(_ work: () throws -> Void) rethrows -> Double {
        let started = ContinuousClock.now
        try work()
        let (seconds, attoseconds) = started.duration(to: .now).components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Builds every read model that has no live table yet (after `migrate` on a new store, or when a newer
    /// orderctl adds one). Live read models are never replaced here: that is `projections rebuild`'s call.
    package func buildMissingReadModels() throws -> [RebuildReport] {
        let live = Set(try ProjectionRegistry.all(on: connection).filter { $0.state == .live }.map(\.name))
        var reports: [RebuildReport] = []
        try rebuild(ReadModel.allCases.filter { !live.contains($0.name) }) { reports.append($0) }
        return reports
    }

    /// The unfinished build of the current version to resume, or a new one. A leftover build of another
    /// version (from an older or newer orderctl) is discarded.
    private func buildingEntry(for readModel: ReadModel) throws -> (RegisteredProjection, resumed: Bool) {
        try connection.transaction(context: "preparing the rebuild of \(readModel.name)") {
            for entry in try ProjectionRegistry.all(on: connection) where entry.name == readModel.name && entry.state == .building {
                if entry.version == readModel.currentVersion { return (entry, true) }
                try ProjectionRegistry.discard(entry, on: connection)
            }
            return (try ProjectionRegistry.startBuilding(readModel, on: connection), false)
        }
    }

    /// The switch: wait for appends in flight, project what they wrote, make the new table live.
    /// Returns the events projected inside it.
    private func switchToLive(registryID: Int) throws -> Int {
        let context = "switching to the rebuilt projection #\(registryID)"
        return try connection.transaction(context: context) {
            // Appends hold the switch lock shared from their first statement; once we hold it exclusive,
            // no transaction that wrote events is running, so every event in the table may be read.
            try ProjectionLock.holdSwitchExclusively(on: connection, context: context)
            try ProjectionLock.holdRunner(of: registryID, on: connection, context: context)
            guard var entry = try ProjectionRegistry.entry(id: registryID, on: connection) else {
                throw PostgresError(kind: .statementFailed, message: "the rebuilt table vanished from the registry", context: context)
            }
            var projected = 0
            while case let .projected(events, checkpoint) = try runner.project(entry, limit: batchSize, onlySettled: false, context: context) {
                projected += events
                entry = entry.moved(to: checkpoint)
            }
            try ProjectionRegistry.promote(entry, on: connection, context: context)
            return projected
        }
    }

    /// Drops replaced tables. A query still reading one holds its lock; then it waits for the next run.
    package func dropRetiredTables() throws {
        for entry in try ProjectionRegistry.all(on: connection) where entry.state == .retired {
            do {
                try connection.transaction(context: "dropping the replaced table \(entry.tableName)") {
                    try connection.execute("SET LOCAL lock_timeout = '2s'", context: "dropping \(entry.tableName)")
                    try ProjectionRegistry.discard(entry, on: connection)
                }
            } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
                continue
            }
        }
    }

    /// One read model's rebuild: its new table's entry, whether it was resumed, and its tally.
    private struct Build {
        let entry: RegisteredProjection
        let resumed: Bool
        var tally: Tally
    }

    /// Events one rebuild has projected so far, against the count measured when it began.
    private struct Tally {
        let readModel: ReadModel
        let total: Int
        var done = 0

        /// The progress to report in `phase`; the total grows with what writers add meanwhile.
        func progress(_ phase: RebuildProgress.Phase, blocking: OpenTransaction? = nil) -> RebuildProgress {
            RebuildProgress(readModel: readModel, phase: phase, eventsDone: done, eventsTotal: max(total, done), blockingTransaction: blocking)
        }
    }
}
