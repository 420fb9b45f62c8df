import OrderService
@testable import CommandLineInterface
import FoundationEssentials
import Testing

@Suite("migrate's messages")
struct MigrateCommandTests {
    @Test("a folder of migrations that cannot be read is named with the system's reason, not a Foundation code")
    func unreadableFolder() {
        let missing = URL(fileURLWithPath: "/nonexistent-orderctl-migrations")
        let error = #expect(throws: (any Error).self) { try Migration.load(from: missing) }
        #expect(error.map(MigrateCommand.describe) == "/nonexistent-orderctl-migrations: No such file or directory")
    }
}
