import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

@Suite("PostgreSQL failures in the ports' terms")
struct StoreFailureTranslationTests {
    static func statement(_ code: String) -> PostgresError {
        PostgresError(kind: .statementFailed, sqlState: SQLState(rawValue: code), message: "refused", context: "doing something")
    }

    @Test("each way of failing to connect or to stay connected keeps its meaning", arguments: [
        (PostgresError.Kind.invalidConnectionString, StoreFailure.Kind.invalidAddress),
        (.connectionFailed, .unreachable),
        (.connectionLost, .connectionLost),
        (.schemaOutdated, .schemaOutdated),
        (.migrationChanged, .migrationChanged),
    ])
    func connectionKinds(postgres: PostgresError.Kind, expected: StoreFailure.Kind) {
        let failure = StoreFailure(PostgresError(kind: postgres, message: "it failed", context: "connecting"))
        #expect(failure.kind == expected)
        #expect(failure.description == "connecting: it failed")
    }

    @Test("a refused statement is told apart by its SQLSTATE", arguments: [
        (SQLState.insufficientPrivilege, StoreFailure.Kind.permissionDenied),
        (.lockNotAvailable, .busy),
        (SQLState(rawValue: "22P05"), .valueRefused),
        (SQLState(rawValue: "22003"), .valueRefused),
        (.uniqueViolation, .conflict),
        (.checkViolation, .conflict),
        (.raiseException, .refused),
        (.undefinedTable, .refused),
    ])
    func statementKinds(state: SQLState, expected: StoreFailure.Kind) {
        #expect(StoreFailure(Self.statement(state.rawValue)).kind == expected)
    }

    @Test("the description keeps PostgreSQL's words and its code, for whoever reads the message")
    func description() {
        let failure = StoreFailure(Self.statement("22P05"))
        #expect(failure.description == "doing something: refused [SQLSTATE 22P05]")
        #expect(failure.reason == "refused [SQLSTATE 22P05]", "the reason leaves out what was being done")
    }

    @Test("only a lost connection leaves a commit's outcome unknown")
    func unknownOutcome() {
        #expect(StoreFailure(PostgresError(kind: .connectionLost, message: "gone", context: "committing")).leavesOutcomeUnknown)
        #expect(!StoreFailure(Self.statement("23505")).leavesOutcomeUnknown)
    }

    @Test("a failure that is not PostgreSQL's passes through the translation untouched")
    func passesOthersThrough() {
        struct Refusal: Error, Equatable {}
        #expect(throws: Refusal()) { try translatingFailures { throw Refusal() } }
        #expect(throws: StoreFailure.self) { try translatingFailures { throw Self.statement("42501") } }
    }
}
