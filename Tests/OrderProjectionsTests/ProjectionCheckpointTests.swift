import OrderProjections
import Testing

@Suite("Projection checkpoint")
struct ProjectionCheckpointTests {
    @Test("orders by transaction first, then by position: a late commit with a low position comes after")
    func commitOrder() {
        let early = ProjectionCheckpoint(transactionID: 100, position: 50)
        let lateCommitLowPosition = ProjectionCheckpoint(transactionID: 101, position: 7)
        #expect(early < lateCommitLowPosition)
        #expect(ProjectionCheckpoint.beginning < early)
        #expect(lateCommitLowPosition.description == "101/7")
    }
}
