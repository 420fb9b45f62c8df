@testable import CommandLineInterface
import OrderService
import Testing

@Suite("The message of a read that waited for its position")
struct ReplicaBehindTests {
    @Test("a standby behind says by how many positions and since when it last replayed a commit")
    func standbyBehind() {
        let behind = ReplicaBehind(
            location: "socket /run/pg2 port 5433", position: 1025,
            visibility: PositionVisibility(isShowing: false, lastPosition: 25, secondsSinceLastReplay: 1.06), waitedSeconds: 1
        )
        #expect(behind.description.contains("the standby at socket /run/pg2 port 5433 is behind"))
        #expect(behind.description.contains("it shows events up to position 25, 1000 positions behind position 1025"))
        #expect(behind.description.contains("after waiting 1.0 s; it last replayed a commit 1.1 s ago"))
    }

    @Test("a primary that does not show the position says so and asks for one submit printed")
    func primaryWithoutThePosition() {
        let behind = ReplicaBehind(
            location: "socket /run/pg1 port 5432", position: 7,
            visibility: PositionVisibility(isShowing: false, lastPosition: 0, secondsSinceLastReplay: nil), waitedSeconds: 0.3
        )
        #expect(behind.description.contains("(a primary) shows no event yet, not position 7, after waiting 0.3 s"))
        #expect(behind.description.contains("pass a position that submit printed"))
    }
}
