import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// History is never mailed again: an imported log counts as notified, and rebuilding the read models
/// prepares nothing anew. Only events written afterwards notify.
@Suite("Imported and rebuilt history")
struct NotificationHistoryTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    @Test("import of a log whose notifications were never sent sends nothing (lag 0, no rows); the next event after the import notifies, to the contact the imported keys open")
    func importSendsNothing() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { source in
            let (customer, email, order) = (Scenario.newID(), Scenario.address("ida"), Scenario.newID())
            let guestOrder = Scenario.newID()
            try Scenario.submit(
                [Commands.register(customer, name: "Ida Imported", email: email)] + Commands.confirmedOrder(order, by: customer, product: Scenario.newID())
                    + Commands.confirmedOrder(guestOrder, by: Scenario.newID(), product: Scenario.newID()),
                to: source
            )
            #expect(try Scenario.status(source).report["lag"] == .integer(7), "the source's notifications are due, none prepared")

            try CustomerScenario.withTemporaryFolder { folder in
                let (feed, keys) = (folder.appendingPathComponent("feed.jsonl"), folder.appendingPathComponent("keys.jsonl"))
                let exported = try OrderctlProcess.run(["export", "--keys", keys.path, "--database-url", source.url])
                try #require(exported.status == 0, "\(exported.standardError)")
                try Data(exported.standardOutput.utf8).write(to: feed)

                try TestDatabase.with { target in
                    let imported = try OrderctlProcess.run(["import", feed.path, "--keys", keys.path, "--database-url", target.ownerURL])
                    try #require(imported.status == 0, "\(imported.standardError)")
                    let status = try Scenario.status(target)
                    #expect(status.exitStatus == 0 && status.report["lag"] == .integer(0), "imported history counts as notified: \(status.report)")
                    #expect(Scenario.counts(status.report).values.allSatisfy { $0 == 0 })
                    let run = try Scenario.run(target, smtpURL: server.url)
                    #expect(run.status == 0, "\(run.standardError)")
                    #expect(NotifyRunSummary(standardError: run.standardError) == NotifyRunSummary(eventsRead: 0), "\(run.standardError)")
                    #expect(try Scenario.list(target).isEmpty)

                    // What comes after the import is notified, once, to the imported customer.
                    try Scenario.submit([Commands.ship(order, trackingNumber: "AFTER-IMPORT")], to: target)
                    let after = try Scenario.run(target, smtpURL: server.url)
                    #expect(after.status == 0, "\(after.standardError)")
                    let list = try Scenario.list(target)
                    #expect(list.map(\.template) == ["order_shipped"] && list.first?.state == "sent" && list.first?.recipient == email, "\(list)")
                    let shipped = try #require(list.first)
                    let mail = try server.maildir.message(withMessageID: shipped.messageID, since: started)
                    try NotificationMessageChecks.expectWellFormed(mail, of: shipped, to: "Ida Imported", at: email, preparedAfter: started)
                }
            }

            // The source sends its own, with the ids the events give anywhere: each arrived once, so the
            // import above sent none of them.
            let sourceRun = try Scenario.run(source, smtpURL: server.url)
            #expect(sourceRun.status == 0, "\(sourceRun.standardError)")
            let sourceList = try Scenario.list(source)
            #expect(sourceList.filter { $0.state == "sent" }.count == 2 && sourceList.filter { $0.state == "skipped" }.count == 1, "\(sourceList)")
            let received = try server.maildir.messages(withMessageIDs: sourceList.map(\.messageID), since: started)
            #expect(sourceList.filter { $0.state == "sent" }.allSatisfy { received[$0.messageID]?.count == 1 }, "each once: \(received.mapValues(\.count))")
        }
    }

    @Test("projections rebuild after everything was sent: the next run reads no event and sends nothing; notify list is unchanged")
    func rebuildSendsNothing() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let (customer, order) = (Scenario.newID(), Scenario.newID())
            try Scenario.submit(
                [Commands.register(customer, name: "Rita Rebuilt", email: Scenario.address("rita"))]
                    + Commands.confirmedOrder(order, by: customer, product: Scenario.newID()) + [Commands.ship(order)],
                to: database
            )
            let first = try Scenario.run(database, smtpURL: server.url)
            #expect(first.status == 0 && NotifyRunSummary(standardError: first.standardError)?.sent == 3, "\(first.standardError)")
            let before = try Scenario.list(database)

            let rebuilt = try OrderctlProcess.run(["projections", "rebuild", "--database-url", database.url], hangLimitSeconds: 120)
            #expect(rebuilt.status == 0, "\(rebuilt.standardError)")
            #expect(rebuilt.outputLines.count == 4, "orders, customers, statuses and contacts were rebuilt: \(rebuilt.standardOutput)")
            let second = try Scenario.run(database, smtpURL: server.url)
            #expect(second.status == 0, "\(second.standardError)")
            #expect(NotifyRunSummary(standardError: second.standardError) == NotifyRunSummary(eventsRead: 0), "\(second.standardError)")
            #expect(try Scenario.list(database) == before, "nothing prepared, sent or changed")
            #expect(try Scenario.status(database).report["lag"] == .integer(0))
            let received = try server.maildir.messages(withMessageIDs: before.map(\.messageID), since: started)
            #expect(before.allSatisfy { received[$0.messageID]?.count == 1 }, "each message arrived once: \(received.mapValues(\.count))")
        }
    }
}
