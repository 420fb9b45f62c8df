@testable import CommandLineInterface
import OrderService
import Testing

@Suite("Store failures become exit statuses")
struct InfrastructureFailureTests {
    @Test("an outage, an old schema or any refusal of the store exits 3", arguments: [
        StoreFailure.Kind.unreachable, .connectionLost, .schemaOutdated, .permissionDenied, .valueRefused, .conflict, .busy,
        .corruptRow(position: 42), .refused,
    ])
    func infrastructure(kind: StoreFailure.Kind) {
        #expect(InfrastructureFailure(StoreFailure(kind, "why")).exitCode == ExitStatus.infrastructure)
    }

    @Test("a malformed address is a usage error (exit 2)")
    func invalidAddress() {
        #expect(InfrastructureFailure(StoreFailure(.invalidAddress, "why")).exitCode == ExitStatus.usage)
    }

    @Test("a changed migration is refused work (exit 1)")
    func migrationChanged() {
        #expect(InfrastructureFailure(StoreFailure(.migrationChanged, "why")).exitCode == ExitStatus.refused)
    }

    @Test("a failure that is not the store's still exits 3, and its message is kept")
    func otherErrors() {
        struct Unexpected: Error, CustomStringConvertible { var description: String { "something unexpected" } }
        let failure = InfrastructureFailure(Unexpected())
        #expect(failure.exitCode == ExitStatus.infrastructure)
        #expect(failure.description == "something unexpected")
    }
}
