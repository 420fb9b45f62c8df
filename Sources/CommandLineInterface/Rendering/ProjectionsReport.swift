import OrderService
import JSONCoding
import OrderProjections

/// What `projections status` shows, measured once.
struct ProjectionsReport {
    /// One read model's line.
    struct Line {
        let name: String
        let codeVersion: Int?
        let live: (entry: RegisteredProjection, lag: ProjectionLag)?
        let building: (entry: RegisteredProjection, lag: ProjectionLag)?

        /// Whether the live rows were built by another version than this build's.
        var isStale: Bool { live == nil || live?.entry.version != codeVersion }
    }

    let lines: [Line]
    let oldestOpenTransaction: OpenTransaction?

    /// Reads the registry, each table's lag, and the oldest open transaction.
    static func measure(_ projections: any ProjectionMaintaining) throws -> ProjectionsReport {
        let entries = try projections.registeredTables()
        var names = ReadModel.allCases.map(\.name)
        for entry in entries where !names.contains(entry.name) { names.append(entry.name) }
        let lines = try names.map { name in
            func measured(_ state: RegisteredProjection.State) throws -> (RegisteredProjection, ProjectionLag)? {
                guard let entry = entries.first(where: { $0.name == name && $0.state == state }) else { return nil }
                return (entry, try projections.lag(of: entry))
            }
            return Line(name: name, codeVersion: ReadModel(name: name)?.currentVersion, live: try measured(.live), building: try measured(.building))
        }
        return ProjectionsReport(lines: lines, oldestOpenTransaction: try projections.oldestOpenTransaction())
    }

    var json: JSONValue {
        var object = JSONObject()
        object["projections"] = .array(lines.map(Self.json))
        if let open = oldestOpenTransaction {
            var transaction = JSONObject()
            transaction["seconds"] = .number(String(Double(Int(open.seconds * 1000)) / 1000))
            transaction["transactionId"] = .string(open.transactionID)
            transaction["pid"] = .integer(open.processID)
            transaction["applicationName"] = .string(open.applicationName)
            transaction["state"] = .string(open.state)
            object["oldestOpenTransaction"] = .object(transaction)
        } else {
            object["oldestOpenTransaction"] = .null
        }
        return .object(object)
    }

    private static func json(_ line: Line) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(line.name)
        object["codeVersion"] = line.codeVersion.map { .integer($0) } ?? .null
        object["liveVersion"] = line.live.map { .integer($0.entry.version) } ?? .null
        object["stale"] = .bool(line.isStale)
        object["table"] = line.live.map { .string($0.entry.tableName) } ?? .null
        object["checkpoint"] = line.live.map { json($0.entry.checkpoint) } ?? .null
        object["lag"] = line.live.map { .integer($0.lag.events) } ?? .null
        object["heldBack"] = line.live.map { .integer($0.lag.heldBack) } ?? .null
        if let building = line.building {
            var rebuild = JSONObject()
            rebuild["version"] = .integer(building.entry.version)
            rebuild["table"] = .string(building.entry.tableName)
            rebuild["checkpoint"] = json(building.entry.checkpoint)
            rebuild["lag"] = .integer(building.lag.events)
            object["rebuild"] = .object(rebuild)
        } else {
            object["rebuild"] = .null
        }
        return .object(object)
    }

    var text: String {
        let table = TextTable(
            columns: [.text("projection"), .figure("code"), .figure("live"), .text("state"), .figure("checkpoint"), .figure("lag"), .figure("held back"), .text("rebuild")],
            rows: lines.map { line in
                [
                    line.name,
                    line.codeVersion.map(String.init) ?? "-",
                    line.live.map { String($0.entry.version) } ?? "-",
                    line.live == nil ? "not built" : (line.isStale ? "stale" : "current"),
                    line.live.map { $0.entry.checkpoint.description } ?? "-",
                    line.live.map { ProgressLine.grouped($0.lag.events) } ?? "-",
                    line.live.map { ProgressLine.grouped($0.lag.heldBack) } ?? "-",
                    line.building.map { "v\($0.entry.version) at \($0.entry.checkpoint), lag \(ProgressLine.grouped($0.lag.events))" } ?? "",
                ]
            }
        )
        let oldest = oldestOpenTransaction.map { open in
            "oldest open transaction: \(open.transactionID), open \(ProgressLine.seconds(open.seconds)) (pid \(open.processID), \(open.state)"
                + (open.applicationName.isEmpty ? "" : ", \(open.applicationName)") + ")"
        } ?? "oldest open transaction: none"
        return table.rendered + "\n\n" + oldest
    }

    private static func json(_ checkpoint: ProjectionCheckpoint) -> JSONValue {
        .object(["transactionId": .string(String(checkpoint.transactionID)), "position": .integer(Int(checkpoint.position))])
    }
}
