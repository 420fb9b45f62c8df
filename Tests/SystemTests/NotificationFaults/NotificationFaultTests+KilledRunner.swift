import DatabaseTestSupport
import Foundation
import SeededRandomness
import Testing

extension NotificationFaultTests {
    @Test("kill -9 of notify run 24 times (240 in make soak), while it prepares and while it sends, then notify run --once: every notification sent and received, a repeat only of a message whose runner died with it in flight and under the same Message-ID, an unfinished attempt only per kill")
    func killedRunner() throws {
        let smtp = try Self.sharedServer()
        let orders = NotifyingOrders(count: 80 * Self.scale)
        let moments = 24 * Self.scale
        let parts = 4
        try TestDatabase.with { database in
            let connection = try database.connect()
            func number(_ sql: String) throws -> Int { try OutboxReadings.number(sql, on: connection) }
            var random = SplitMix64(seed: 7_019)
            func randomMicroseconds(below limit: Duration) -> UInt32 {
                UInt32(random.next() % UInt64(max(limit / .microseconds(1), 1_000)))
            }
            // The kill windows, learned as the runs go, so that they fit a loaded machine as well as an idle
            // one: from a launch to its first claim, and from one claim to the next (a send and its records).
            var untilFirstClaim = Duration.milliseconds(300), betweenClaims = Duration.milliseconds(30)
            var launched = 0, landedInFlight = 0, unfinished = 0, submitted = 0
            // More runs when too few kills landed with a message in flight (twice the moments at most).
            while launched < moments || (landedInFlight < moments / 2 && launched < moments * 2) {
                // The notifications come in parts, so that runners after the first have events to prepare.
                let part = launched / (moments / parts)
                if launched % (moments / parts) == 0, part < parts {
                    let size = orders.count / parts
                    let customers = part * size..<(part == parts - 1 ? orders.count : (part + 1) * size)
                    try NotifyingOrders.submit(orders.lines(customers), to: database.url)
                    submitted += 3 * customers.count
                }
                let claimsBefore = try number("SELECT count(*) FROM notification_attempts")
                let started = ContinuousClock.now
                let runner = try Self.launchRunner(database.url, smtp: smtp.url)
                if launched % 4 == 1 {
                    // At a random moment before its first claim: while it starts, listens and prepares.
                    usleep(randomMicroseconds(below: untilFirstClaim))
                } else {
                    // At a random point of a send, after one to three claims of its own.
                    let wanted = claimsBefore + 1 + Int(random.next() % 3)
                    var seen = claimsBefore, lastClaim = started
                    while runner.process.isRunning, ContinuousClock.now - started < .seconds(60) {
                        let progress = try connection.execute(
                            "SELECT (SELECT count(*) FROM notification_attempts), (SELECT count(*) FROM notifications WHERE state = 'sent')",
                            context: "watching a runner"
                        )
                        let claims = Int(progress.integer(row: 0, column: 0) ?? 0), sent = Int(progress.integer(row: 0, column: 1) ?? 0)
                        if claims > seen {
                            let now = ContinuousClock.now
                            if seen == claimsBefore { untilFirstClaim = now - started } else { betweenClaims = (now - lastClaim) / (claims - seen) }
                            (seen, lastClaim) = (claims, now)
                        }
                        // Everything submitted so far is sent: nothing left to interrupt but the wait.
                        if seen >= wanted || sent == submitted { break }
                        usleep(500)
                    }
                    usleep(randomMicroseconds(below: betweenClaims))
                }
                let wasRunning = runner.process.isRunning
                kill(runner.process.processIdentifier, SIGKILL)
                let outcome = try runner.finish(arguments: ["notify", "run"])
                launched += 1
                #expect(wasRunning, "notify run ended before its kill, status \(outcome.status): \(outcome.standardError.suffix(400))")
                try #require(try OutboxReadings.waitForOtherSessionsToEnd(on: connection), "the killed runner's session stayed")
                // A runner holds one claim at a time: a kill leaves at most one attempt without an outcome.
                let open = try number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL")
                #expect(open == unfinished || open == unfinished + 1, "kill \(launched) left \(open - unfinished) unfinished attempts")
                if open > unfinished { landedInFlight += 1 }
                unfinished = open
            }
            #expect(landedInFlight >= moments / 4, "only \(landedInFlight) of \(launched) kills landed with a message in flight")

            let last = try OrderctlProcess.run(["notify", "run", "--once", "--smtp-url", smtp.url, "--database-url", database.url], hangLimitSeconds: 300)
            #expect(last.status == 0, "\(last.standardError)")
            let outbox = OutboxReadings(url: database.url)
            let status = try outbox.status()
            #expect(status.exit == 0)
            #expect(status.counts == ["pending": 0, "sent": orders.notificationCount, "failed": 0, "dead": 0, "skipped": 0], "\(status.counts)")
            #expect(status.lag == 0)
            let listed = try outbox.list()
            #expect(listed.count == orders.notificationCount && listed.allSatisfy { $0.state == "sent" })

            // Unfinished attempt records are the kills' alone: the last run left none, and each is followed by
            // a later attempt of the same notification that was sent. Nothing failed, nothing was sent twice
            // by the runners' own account.
            #expect(try number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL") == unfinished)
            #expect(try number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL AND finished_at IS NOT NULL") == 0)
            #expect(try number("""
                SELECT count(*) FROM notification_attempts a WHERE a.outcome IS NULL AND NOT EXISTS (
                    SELECT FROM notification_attempts b WHERE b.notification_id = a.notification_id AND b.attempt_id > a.attempt_id AND b.outcome = 'sent')
                """) == 0)
            #expect(try number("SELECT count(*) FROM notification_attempts WHERE outcome <> 'sent'") == 0)
            #expect(try number("SELECT count(*) FROM (SELECT FROM notification_attempts WHERE outcome = 'sent' GROUP BY notification_id HAVING count(*) > 1) twice") == 0)

            // On the wire: every Message-ID arrived; a second copy only of a notification whose runner was
            // killed with it in flight, and no more extra copies than such kills.
            let interrupted = Set(try CustomerScenario.column(
                "SELECT DISTINCT '<' || notification_id || '@orderctl>' FROM notification_attempts WHERE outcome IS NULL", on: connection
            ))
            let copies = Self.expectDelivered(listed, in: smtp.maildir, mark: orders.mark, mayRepeat: interrupted.contains)
            let extra = copies.values.reduce(0) { $0 + $1 - 1 }
            #expect(extra <= unfinished, "\(extra) extra copies for \(unfinished) kills in flight")
        }
    }
}
