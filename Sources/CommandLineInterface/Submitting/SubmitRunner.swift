import OrderDomain
import OrderService

/// The `submit` loop: every input line gets exactly one result, printed only after its commit.
///
/// Lines are handled in batches of up to `batchSize` that commit in one transaction: one commit (one
/// disk flush) and a few round trips for the lot instead of several per command. A batch holds only
/// lines already at hand, so nobody waits for input to fill one. When a batch cannot be written
/// together, its lines are handled again one at a time, which gives every line its own fate.
///
/// With a background writer, a batch is written on the writer's connection while the next one is read
/// and decided on the handler's, as if the first had committed. When the first did not commit as
/// planned, the next one's plan is thrown away and made again, so no answer rests on a write that
/// did not happen. Only one batch is ever being written, and results still come in input order.
///
/// A batch's customer commands are written together in a transaction of their own, on the handler's
/// connection, while the batch's order commands are written on the writer's, once the batch before is
/// finished. That is the answer one by one would give as long as the two sets commute: no stream and no
/// command id in both (an order and a customer under one id, say). When they share one, the batch is cut
/// at each customer command instead: the order lines before it are written and answered, then it runs
/// alone, then batching resumes.
public struct SubmitRunner {
    /// The default batch size. Each batch costs a dozen round trips, a commit and a pass through the
    /// writer's hand-over besides its rows: 30,000 commands went 17 % faster in batches of 1,024 than of
    /// 256, while 4,096 gained nothing more measurable and holds results back four times longer. A batch
    /// holds only lines at hand, so a person typing still gets each answer at once.
    public static let defaultBatchSize = 1024

    private let decoder: CommandLineDecoder
    private let handler: CommandHandler
    private let batchSize: Int
    private let writer: BackgroundBatchWriter?
    private let customerHandler: (any CustomerCommandHandling)?
    private let settledCommits: [CommandID: EventReceipt]

    /// Creates a runner over a handler; a batch size of 1 handles every line in its own transaction.
    /// Without a writer, batches are written through the handler's store, each before the next is read.
    /// Without `customerHandler`, the first customer line stops the run with a `SubmitFailure` (nothing
    /// of that line is written), rather than answering a line that may well be right `invalid`.
    public init(
        decoder: CommandLineDecoder,
        handler: CommandHandler,
        batchSize: Int = SubmitRunner.defaultBatchSize,
        writer: BackgroundBatchWriter? = nil,
        customerHandler: (any CustomerCommandHandling)? = nil,
        settledCommits: [CommandID: EventReceipt] = [:]
    ) {
        precondition(batchSize >= 1)
        self.decoder = decoder
        self.handler = handler
        self.batchSize = batchSize
        self.writer = writer
        self.customerHandler = customerHandler
        self.settledCommits = settledCommits
    }

    /// Processes lines until the input ends. Stops early only on an infrastructure failure; every
    /// result printed before that was committed (see `SubmitFailure` for the failing lines' fate, and the
    /// lines read whose results were not printed).
    ///
    /// `settledCommits` are commands of an earlier runner on this input whose commits were found after their
    /// answers were cut off: the first line that would answer one of them `duplicate` answers `accepted`,
    /// with the event it appended, since that line's command was applied by this submit, not before it.
    public func run(_ reader: inout LineReader, emit: (SubmitResult) -> Void) throws {
        // The lines read and not yet answered, from `firstUnanswered` on: results come in input order.
        var unanswered: [InputLine] = []
        var firstUnanswered = 0
        var settled = settledCommits
        let answer = { (result: SubmitResult) in
            while firstUnanswered < unanswered.count, unanswered[firstUnanswered].number <= result.line { firstUnanswered += 1 }
            if firstUnanswered > 4 * batchSize {
                unanswered.removeFirst(firstUnanswered)
                firstUnanswered = 0
            }
            if result.status == .duplicate, let commandID = result.commandID, let receipt = settled.removeValue(forKey: commandID) {
                emit(result.accepted(appending: receipt))
            } else {
                emit(result)
            }
        }
        do {
            try run(&reader, recordingReadLinesIn: { unanswered.append($0) }, emit: answer)
        } catch var failure as SubmitFailure {
            failure.unansweredLines = Array(unanswered[firstUnanswered...])
            throw failure
        }
    }

    /// The ids of the commands among `lines`, as this runner decodes them: the same ids again for lines
    /// that carry none, since generated ids depend on the line number only.
    public func commandIDs(of lines: [InputLine]) -> [CommandID] {
        lines.compactMap { line in
            switch prepare(line) {
            case .answered: nil
            case let .command(_, envelope): envelope.commandID
            case let .customerCommand(_, envelope): envelope.commandID
            }
        }
    }

    private func run(_ reader: inout LineReader, recordingReadLinesIn record: (InputLine) -> Void, emit: (SubmitResult) -> Void) throws {
        var batch: [InputLine] = []
        batch.reserveCapacity(batchSize)
        var beingWritten: BatchBeingWritten?
        while let line = try reader.nextLine() {
            record(line)
            batch.append(line)
            if batch.count >= batchSize || !reader.hasInputReady {
                beingWritten = try handle(batch, after: beingWritten, emit: emit)
                batch.removeAll(keepingCapacity: true)
                // Nothing more to decide meanwhile: answer now rather than when the next line comes.
                if !reader.hasInputReady, let waiting = beingWritten {
                    beingWritten = nil
                    try finish(waiting, emit: emit)
                }
            }
        }
        if !batch.isEmpty { beingWritten = try handle(batch, after: beingWritten, emit: emit) }
        if let waiting = beingWritten { try finish(waiting, emit: emit) }
    }

    /// A batch whose write was started and whose results wait for its outcome.
    private struct BatchBeingWritten {
        let lines: [PreparedLine]
        let commands: [(line: Int, envelope: CommandEnvelope)]
        let plan: BatchPlan
        let write: BatchWrite
        /// The results of the batch's customer commands by line number, written already.
        let customerResults: [Int: SubmitResult]
    }

    /// Decides a batch of lines while `earlier` is being written, then finishes `earlier` and starts this
    /// batch's write. Returns the batch while its order commands are being written, or nil when it was
    /// answered already (fewer than two order commands).
    private func handle(_ lines: [InputLine], after earlier: BatchBeingWritten?, emit: (SubmitResult) -> Void) throws -> BatchBeingWritten? {
        let prepared = lines.map(prepare)
        // Without a customer handler the first customer line ends the run: everything before it is answered first.
        guard customerHandler != nil, Self.ordersAndCustomersCommute(in: prepared) else {
            return try handleCuttingAtCustomers(prepared, after: earlier, emit: emit)
        }
        return try handle(prepared: prepared, after: earlier, emit: emit)
    }

    /// Whether the batch's order commands and customer commands can be applied as two groups, in either
    /// order, with the answers of one by one: no stream and no command id in both groups.
    private static func ordersAndCustomersCommute(in lines: [PreparedLine]) -> Bool {
        let customers = lines.compactMap { line -> CustomerCommandEnvelope? in
            guard case let .customerCommand(_, envelope) = line else { return nil }
            return envelope
        }
        // Most batches hold orders only: nothing to compare, and no sets to build for them.
        guard !customers.isEmpty else { return true }
        var orderStreams: Set<OrderID> = []
        var orderCommandIDs: Set<CommandID> = []
        for case let .command(_, envelope) in lines {
            orderStreams.insert(envelope.orderID)
            orderCommandIDs.insert(envelope.commandID)
        }
        return customers.allSatisfy { !orderStreams.contains(OrderID($0.customerID.uuid)) && !orderCommandIDs.contains($0.commandID) }
    }

    /// The batch cut at each customer command: everything before it is finished, written and answered,
    /// then it runs alone. Returns the order commands after the last customer command while they are
    /// being written, or nil when they were answered already.
    private func handleCuttingAtCustomers(_ lines: [PreparedLine], after earlier: BatchBeingWritten?, emit: (SubmitResult) -> Void) throws -> BatchBeingWritten? {
        var beingWritten = earlier
        var ordersBefore: [PreparedLine] = []
        for line in lines {
            guard case let .customerCommand(number, envelope) = line else {
                ordersBefore.append(line)
                continue
            }
            if let started = try handle(prepared: ordersBefore, after: beingWritten, emit: emit) {
                try finish(started, emit: emit)
            }
            beingWritten = nil
            ordersBefore.removeAll(keepingCapacity: true)
            emit(try result(ofCustomerCommand: envelope, line: number))
        }
        return try handle(prepared: ordersBefore, after: beingWritten, emit: emit)
    }

    /// Decides the order commands of `prepared` while `earlier` is being written, then finishes `earlier`,
    /// starts their write and, meanwhile, writes the customer commands together. Returns nil when the
    /// lines were answered already (fewer than two order commands).
    private func handle(prepared: [PreparedLine], after earlier: BatchBeingWritten?, emit: (SubmitResult) -> Void) throws -> BatchBeingWritten? {
        let commands = prepared.compactMap { line -> (line: Int, envelope: CommandEnvelope)? in
            guard case let .command(number, envelope) = line else { return nil }
            return (number, envelope)
        }
        guard commands.count > 1 else {
            if let earlier { try finish(earlier, emit: emit) }
            try emitResults(of: prepared, outcomes: nil, customerResults: try customerResults(of: prepared), emit: emit)
            return nil
        }
        let envelopes = commands.map(\.envelope)
        var plan: BatchPlan
        do {
            plan = try handler.plan(together: envelopes, after: earlier?.plan)
        } catch {
            if let earlier { try finish(earlier, emit: emit) }
            throw SubmitFailure(commands: commands, underlying: error)
        }
        // The earlier batch's results are printed once this batch's write has started: printing a
        // thousand lines took the writer's connection idle time on every batch.
        var committedEarlier: (batch: BatchBeingWritten, outcomes: [CommandOutcome])?
        if let earlier {
            let outcomes = try settle(earlier)
            if let outcomes {
                committedEarlier = (earlier, outcomes)
            } else {
                try emitResults(of: earlier.lines, outcomes: nil, customerResults: earlier.customerResults, emit: emit)
                // This plan stood on the earlier batch, which was not written as planned.
                do {
                    plan = try handler.plan(together: envelopes)
                } catch {
                    throw SubmitFailure(commands: commands, underlying: error)
                }
            }
        }
        let write = writer?.start(plan) ?? BatchWrite(finished: Result { try handler.write(plan) })
        if let committedEarlier {
            do {
                try emitResults(of: committedEarlier.batch.lines, outcomes: committedEarlier.outcomes, customerResults: committedEarlier.batch.customerResults, emit: emit)
            } catch var failure as SubmitFailure {
                // This batch's write is under way: say whether it committed, since its results will not be printed.
                if case .appended? = try? write.outcome() { failure.committedLines += commands.map(\.line) }
                throw failure
            }
        }
        // The customer commands commute with these order commands (no shared stream or command id), so
        // they are written now, meanwhile, and all of them before the next batch is decided.
        let customerResults: [Int: SubmitResult]
        do {
            customerResults = try self.customerResults(of: prepared)
        } catch var failure as SubmitFailure {
            // The order commands were written meanwhile: say so, since their results will not be printed.
            if case .appended? = try? write.outcome() { failure.committedLines += commands.map(\.line) }
            throw failure
        }
        return BatchBeingWritten(lines: prepared, commands: commands, plan: plan, write: write, customerResults: customerResults)
    }

    /// The results of the customer commands among `lines`, by line number, all written before this
    /// returns: together in one transaction when there are two or more and the store can, else each
    /// alone, in input order.
    private func customerResults(of lines: [PreparedLine]) throws -> [Int: SubmitResult] {
        let customers = lines.compactMap { line -> (line: Int, envelope: CustomerCommandEnvelope)? in
            guard case let .customerCommand(number, envelope) = line else { return nil }
            return (number, envelope)
        }
        if customers.count > 1, let customerHandler {
            let outcomes: [CustomerCommandOutcome]?
            do {
                outcomes = try customerHandler.handle(together: customers.map(\.envelope))
            } catch {
                throw SubmitFailure(customerCommands: customers, underlying: error)
            }
            if let outcomes {
                return Dictionary(uniqueKeysWithValues: zip(customers, outcomes).map { customer, outcome in
                    (customer.line, SubmitResult(line: customer.line, envelope: customer.envelope, outcome: outcome))
                })
            }
        }
        var results: [Int: SubmitResult] = [:]
        for customer in customers {
            do {
                results[customer.line] = try result(ofCustomerCommand: customer.envelope, line: customer.line)
            } catch var failure as SubmitFailure {
                failure.committedLines += Self.acceptedLines(in: results)
                throw failure
            }
        }
        return results
    }

    /// The lines among `results` whose commands were written: what a failure must name as committed
    /// when their results will not be printed.
    private static func acceptedLines(in results: [Int: SubmitResult]) -> [Int] {
        results.values.filter { $0.status == .accepted }.map(\.line).sorted()
    }

    /// Waits for a batch's write and emits its results; false when the batch was not written together
    /// (its commands were then handled one at a time).
    @discardableResult
    private func finish(_ batch: BatchBeingWritten, emit: (SubmitResult) -> Void) throws -> Bool {
        let outcomes = try settle(batch)
        try emitResults(of: batch.lines, outcomes: outcomes, customerResults: batch.customerResults, emit: emit)
        return outcomes != nil
    }

    /// Waits for a batch's write and settles it: its order commands' outcomes, or nil when the batch was
    /// not written together (nothing of it was; `emitResults` then handles its commands one at a time).
    private func settle(_ batch: BatchBeingWritten) throws -> [CommandOutcome]? {
        do {
            return handler.settle(batch.plan, written: try batch.write.outcome())
        } catch {
            var failure = SubmitFailure(commands: batch.commands, underlying: error)
            failure.committedLines = Self.acceptedLines(in: batch.customerResults)
            throw failure
        }
    }

    /// Emits a batch's results in input order, the customer commands' from `customerResults`. Without
    /// order outcomes (a single command, or a batch not writable together, of which nothing was written)
    /// each order command goes alone and meets its own fate.
    private func emitResults(
        of lines: [PreparedLine], outcomes: [CommandOutcome]?, customerResults: [Int: SubmitResult], emit: (SubmitResult) -> Void
    ) throws {
        var remaining = outcomes?[...]
        for line in lines {
            switch line {
            case let .answered(result):
                if let result { emit(result) }
            case let .command(number, envelope):
                if let outcome = remaining?.popFirst() {
                    emit(SubmitResult(line: number, envelope: envelope, outcome: outcome))
                    continue
                }
                do {
                    emit(try result(ofCommand: envelope, line: number))
                } catch var failure as SubmitFailure {
                    failure.committedLines += Self.acceptedLines(in: customerResults.filter { $0.key > number })
                    throw failure
                }
            case let .customerCommand(number, envelope):
                emit(try customerResults[number] ?? result(ofCustomerCommand: envelope, line: number))
            }
        }
    }

    /// The result of one line; nil for a blank line.
    public func result(for line: InputLine) throws -> SubmitResult? {
        switch prepare(line) {
        case let .answered(result): result
        case let .command(number, envelope): try result(ofCommand: envelope, line: number)
        case let .customerCommand(number, envelope): try result(ofCustomerCommand: envelope, line: number)
        }
    }

    /// A line read as far as it goes without the store.
    private enum PreparedLine {
        /// Answered already: too long or invalid (nil for a blank line).
        case answered(SubmitResult?)
        /// An order command for the handler.
        case command(line: Int, envelope: CommandEnvelope)
        /// A customer command for the customer handler.
        case customerCommand(line: Int, envelope: CustomerCommandEnvelope)
    }

    private func prepare(_ line: InputLine) -> PreparedLine {
        switch line {
        case let .tooLong(number, length):
            let failure = LineFailure(
                .lineTooLong, "the line is \(length) bytes long; the maximum is \(LineReader.maximumLineLength) bytes"
            )
            return .answered(SubmitResult(line: number, failure: failure))
        case let .text(number, bytes):
            guard !line.isBlank else { return .answered(nil) }
            switch decoder.decode(bytes, line: number) {
            case let .failure(failure): return .answered(SubmitResult(line: number, failure: failure))
            case let .success(.order(envelope)): return .command(line: number, envelope: envelope)
            case let .success(.customer(envelope)): return .customerCommand(line: number, envelope: envelope)
            }
        }
    }

    /// One command handled alone, in its own transaction.
    private func result(ofCommand envelope: CommandEnvelope, line number: Int) throws -> SubmitResult {
        try answer(.order(envelope), line: number) {
            SubmitResult(line: number, envelope: envelope, outcome: try handler.handle(envelope))
        }
    }

    /// One customer command handled alone, in its own transaction.
    private func result(ofCustomerCommand envelope: CustomerCommandEnvelope, line number: Int) throws -> SubmitResult {
        guard let customerHandler else {
            throw SubmitFailure(line: number, envelope: envelope, underlying: MissingCustomerCommandHandler())
        }
        return try answer(.customer(envelope), line: number) {
            SubmitResult(line: number, envelope: envelope, outcome: try customerHandler.handle(envelope))
        }
    }

    /// The result `handle` gives for one command. A value the store refused is that line's fault: the
    /// transaction rolled back and the connection is fine, so the line is answered `invalid` and the run
    /// goes on. Any other failure stops the run, naming the line.
    private func answer(_ command: SubmittedCommand, line number: Int, _ handle: () throws -> SubmitResult) throws -> SubmitResult {
        do {
            return try handle()
        } catch let error as StoreFailure where error.kind == .valueRefused {
            var failure = LineFailure(.invalidField, "the store cannot hold a value of this command: \(error.reason)")
            failure.commandID = command.commandID
            switch command {
            case let .order(envelope): failure.orderID = envelope.orderID
            case let .customer(envelope): failure.customerID = envelope.customerID
            }
            return SubmitResult(line: number, failure: failure)
        } catch {
            throw SubmitFailure(submitted: [(number, command)], underlying: error)
        }
    }
}
