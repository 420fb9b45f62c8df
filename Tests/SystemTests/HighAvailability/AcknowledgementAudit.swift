import DatabaseTestSupport
import Foundation
import JSONCoding
import PostgresClient

/// What a store holds of what `submit` acknowledged: the checks a failover must pass.
struct AcknowledgementAudit: CustomStringConvertible {
    /// Command ids printed `accepted` or `duplicate` that the store does not hold.
    let lost: [String]
    /// Command ids the store holds more than one event for.
    let appliedTwice: [String]
    /// Streams whose versions are not 1, 2, 3, ... without a gap.
    let streamsWithGaps: Int

    /// Whether the store holds every acknowledged command exactly once, in contiguous streams.
    var isIntact: Bool { lost.isEmpty && appliedTwice.isEmpty && streamsWithGaps == 0 }

    var description: String {
        "\(lost.count) acknowledged commands lost (\(lost.prefix(3).joined(separator: ", "))), "
            + "\(appliedTwice.count) applied twice, \(streamsWithGaps) streams with version gaps"
    }

    /// The command ids of the lines `submit` printed as `accepted` or `duplicate`.
    static func acknowledged(in outputLines: [String]) -> [String] {
        outputLines.compactMap { line in
            guard let result = try? JSONParser.parse(line).objectValue,
                  result["status"] == .string("accepted") || result["status"] == .string("duplicate")
            else { return nil }
            return result["commandId"]?.stringValue
        }
    }

    /// Audits the store behind `connection` against the acknowledged command ids.
    init(acknowledged: [String], on connection: DatabaseConnection) throws {
        let stored = try connection.execute("SELECT command_id::text FROM commands", context: "reading commands")
        let held = Set((0..<stored.rowCount).compactMap { stored.string(row: $0, column: 0) })
        lost = acknowledged.filter { !held.contains($0) }
        let twice = try connection.execute(
            "SELECT metadata->>'commandId' FROM events GROUP BY 1 HAVING count(*) > 1", context: "finding commands applied twice"
        )
        appliedTwice = (0..<twice.rowCount).compactMap { twice.string(row: $0, column: 0) }
        let gaps = try connection.execute(
            "SELECT count(*) FROM (SELECT stream_id FROM events GROUP BY stream_id HAVING min(version) <> 1 OR max(version) <> count(*)) AS broken",
            context: "finding version gaps"
        )
        streamsWithGaps = Int(gaps.integer(row: 0, column: 0) ?? -1)
    }
}
