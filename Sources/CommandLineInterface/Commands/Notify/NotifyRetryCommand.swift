import ArgumentParser
import JSONCoding
import OrderService

/// `orderctl notify retry ID... | --dead | --failed`: failed or dead notifications back to pending.
struct NotifyRetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Put the named, all dead, or all failed notifications back to pending, due now, with fresh attempts.",
        discussion: """
        A failed notification whose next attempt a runner is making now is left to that runner. \
        Prints {"retried": N, "ids": [...]} and, for named ids left as they were, "notRetried" with the reason. \
        Exits 1 when a named notification does not exist, is not failed or dead, or is being sent now. Runners wake at once.
        """
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Every dead notification.")
    var dead = false

    @Flag(help: "Every failed notification.")
    var failed = false

    @Argument(help: ArgumentHelp("Notification ids.", valueName: "id"))
    var ids: [String] = []

    func validate() throws {
        guard [dead, failed, !ids.isEmpty].filter({ $0 }).count == 1 else {
            throw ValidationError("name notification ids, or give --dead or --failed (one of the three)")
        }
        for id in ids where NotificationID(id) == nil { throw ValidationError("a notification id must be a UUID, not \"\(id.prefix(60))\"") }
    }

    func run() throws {
        let named = ids.compactMap(NotificationID.init)
        let selection: RetrySelection = dead ? .dead : failed ? .failed : .named(named)
        let (retried, leftAlone) = try connection.read { session in
            let retried = try session.notifications.retry(selection)
            let put = Set(retried)
            let leftAlone = try named.filter { !put.contains($0) }.map { id in
                (id, try session.notifications.detail(of: id).map { detail in
                    // Failed with its message, yet not put back: a runner holds it for its next attempt.
                    if detail.summary.state == .failed, detail.message != nil { return "it is being sent now" }
                    return "it is \(detail.summary.state.rawValue)\(detail.message == nil ? " and has no message" : "")"
                } ?? "no notification has this id")
            }
            return (retried, leftAlone)
        }
        var object: JSONObject = ["retried": .integer(retried.count), "ids": .array(retried.map { .string($0.description) })]
        if !leftAlone.isEmpty {
            object["notRetried"] = .array(leftAlone.map { id, reason in .object(["id": .string(id.description), "reason": .string(reason)]) })
        }
        StandardStreams.printLine(JSONValue.object(object).serialized())
        if !leftAlone.isEmpty { throw ExitStatus.refused }
    }
}
