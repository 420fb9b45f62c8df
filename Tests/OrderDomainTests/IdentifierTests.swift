import Foundation
import OrderDomain
import Testing

@Suite("Identifiers")
struct IdentifierTests {
    @Test("10,000 random UUIDs read and print exactly as Foundation does, in either letter case")
    func agreesWithFoundation() throws {
        for _ in 0..<10_000 {
            let uuid = UUID()
            let upper = uuid.uuidString
            #expect(try #require(OrderID(upper)).uuid == uuid)
            #expect(try #require(OrderID(upper.lowercased())).uuid == uuid)
            #expect(OrderID(uuid).description == upper.lowercased())
        }
        #expect(OrderID("3F2B8C1E-9d4a-4C7B-8e21-0A6F5D3C2B1A")?.description == "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a")
    }

    @Test("anything but the hyphenated 8-4-4-4-12 form is refused", arguments: [
        "", "3f2b8c1e9d4a4c7b8e210a6f5d3c2b1a", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a0",
        "3f2b8c1e-9d4a-4c7b-8e210-a6f5d3c2b1a", "3f2b8c1g-9d4a-4c7b-8e21-0a6f5d3c2b1a", "{3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1}",
        " 3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1", "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2bé", "3f2b8c1e_9d4a_4c7b_8e21_0a6f5d3c2b1a",
    ])
    func refuses(text: String) {
        #expect(OrderID(text) == nil)
    }
}
