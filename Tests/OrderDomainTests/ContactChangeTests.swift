import Testing
@testable import OrderDomain

@Suite("Contact changes: keep, set and clear")
struct ContactChangeTests {
    typealias F = CustomerFixtures

    @Test("only a change that keeps every field is empty")
    func isEmpty() {
        #expect(ContactChange().isEmpty)
        #expect(ContactChange(name: nil, email: nil, phone: .keep, address: .keep).isEmpty)
        #expect(!ContactChange(name: F.ada).isEmpty)
        #expect(!ContactChange(email: F.adaMail).isEmpty)
        #expect(!ContactChange(phone: .clear).isEmpty)
        #expect(!ContactChange(address: .set(F.berlin)).isEmpty)
    }

    @Test("keep, set and clear of an optional field, present or absent",
          arguments: [F.berlinPhone, nil] as [PhoneNumber?])
    func optionalField(current: PhoneNumber?) {
        #expect(OptionalFieldChange<PhoneNumber>.keep.applied(to: current) == current)
        #expect(OptionalFieldChange.set(F.londonPhone).applied(to: current) == F.londonPhone)
        #expect(OptionalFieldChange<PhoneNumber>.clear.applied(to: current) == nil)
    }

    @Test("relative to the current value, a change that alters nothing becomes keep")
    func relative() {
        #expect(OptionalFieldChange.set(F.berlinPhone).relative(to: F.berlinPhone) == .keep)
        #expect(OptionalFieldChange.set(F.berlinPhone).relative(to: F.londonPhone) == .set(F.berlinPhone))
        #expect(OptionalFieldChange.set(F.berlinPhone).relative(to: nil) == .set(F.berlinPhone))
        #expect(OptionalFieldChange<PhoneNumber>.clear.relative(to: nil) == .keep)
        #expect(OptionalFieldChange<PhoneNumber>.clear.relative(to: F.berlinPhone) == .clear)
        #expect(OptionalFieldChange<PhoneNumber>.keep.relative(to: F.berlinPhone) == .keep)
    }

    static let changes: [ContactChange] = [
        .none, ContactChange(name: F.grace), ContactChange(name: F.ada, email: F.graceMail),
        ContactChange(phone: .clear, address: .clear), ContactChange(phone: .set(F.berlinPhone), address: .set(F.london)),
    ]

    @Test("the relative change leads to the same details as the change asked for",
          arguments: changes, [F.full, F.minimal])
    func relativeAppliesTheSame(change: ContactChange, current: ContactInfo) {
        #expect(current.applying(change.relative(to: current)) == current.applying(change))
    }
}
