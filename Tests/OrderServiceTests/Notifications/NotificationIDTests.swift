import Foundation
import OrderService
import Testing

@Suite("Notification ids")
struct NotificationIDTests {
    static let event = EventID(UUID(uuidString: "0b6f7f9e-1d2c-4a55-9d0e-6a1f2b3c4d5e")!)

    @Test("the same event and template give the same id, every time and everywhere")
    func derivedNotDrawn() {
        #expect(NotificationID(eventID: Self.event, template: .welcome) == NotificationID(eventID: Self.event, template: .welcome))
        // Pinned: a change here changes every Message-ID a receiver has seen, so it must be deliberate.
        #expect(NotificationID(eventID: Self.event, template: .welcome).description == "616c7eb2-0e6a-8f58-a2d6-a120ede32fbc")
    }

    @Test("another template or another event gives another id")
    func distinct() {
        let ids = Set(NotificationTemplate.allCases.map { NotificationID(eventID: Self.event, template: $0) })
        #expect(ids.count == NotificationTemplate.allCases.count)
        #expect(NotificationID(eventID: EventID(UUID()), template: .welcome) != NotificationID(eventID: Self.event, template: .welcome))
    }

    @Test("the id is marked as an RFC 9562 version 8 UUID, so it is never mistaken for a random one")
    func versionEight() {
        let text = NotificationID(eventID: Self.event, template: .orderShipped).description
        let characters = Array(text)
        #expect(characters[14] == "8", "\(text)")
        #expect("89ab".contains(characters[19]), "\(text)")
    }
}
