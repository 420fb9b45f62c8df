import Testing
@testable import OrderDomain

@Suite("Customer aggregate: decide and evolve")
struct CustomerStateTests {
    typealias F = CustomerFixtures

    // MARK: Existence

    @Test("registering a new customer records its contact details as given")
    func register() {
        let state = CustomerState.replaying(F.history(registered: nil))
        #expect(state.outcome(of: .registerCustomer(F.full)) == .success(.customerRegistered(F.full)))
        #expect(state.evolve(.customerRegistered(F.minimal)) == .registered(F.minimal))
    }

    @Test("registering again is customer_already_exists, whatever the details", arguments: [F.full, F.minimal])
    func reRegister(contact: ContactInfo) {
        let state = CustomerState.replaying(F.history(registered: F.full))
        #expect(state.outcome(of: .registerCustomer(contact)) == .failure(.customerAlreadyExists))
        #expect(CustomerRejection.customerAlreadyExists.code == "customer_already_exists")
    }

    @Test("changing contact info before registering is customer_not_found, even an empty change",
          arguments: [ContactChange.none, ContactChange(name: F.grace), ContactChange(phone: .clear)])
    func changeBeforeRegister(change: ContactChange) {
        #expect(CustomerState.initial.outcome(of: .changeContactInfo(change)) == .failure(.customerNotFound))
        #expect(CustomerRejection.customerNotFound.code == "customer_not_found")
    }

    @Test("kinds carry the documented wire names")
    func kindNames() {
        #expect(CustomerCommand.Kind.allCases.map(\.rawValue) == ["RegisterCustomer", "ChangeContactInfo"])
        #expect(CustomerEvent.Kind.allCases.map(\.rawValue) == ["CustomerRegistered", "ContactInfoChanged"])
        #expect(CustomerCommand.changeContactInfo(.none).kind == .changeContactInfo)
        #expect(CustomerEvent.customerRegistered(F.minimal).kind == .customerRegistered)
    }

    // MARK: Forgotten

    @Test("a forgotten customer cannot be changed, not even with an empty change: customerForgotten, answered as customer_not_found",
          arguments: [ContactChange.none, ContactChange(name: F.grace), ContactChange(phone: .clear), ContactChange(address: .set(F.london))])
    func changeForgotten(change: ContactChange) {
        #expect(CustomerState.forgotten.outcome(of: .changeContactInfo(change)) == .failure(.customerForgotten))
        #expect(CustomerRejection.customerForgotten.code == "customer_not_found")
    }

    @Test("a forgotten customer's id stays taken: registering it again is customer_already_exists", arguments: [F.full, F.minimal])
    func registerForgotten(contact: ContactInfo) {
        #expect(CustomerState.forgotten.outcome(of: .registerCustomer(contact)) == .failure(.customerAlreadyExists))
    }

    @Test("forgotten is for good: no event brings the details back, and there is no contact to read",
          arguments: [CustomerEvent.customerRegistered(F.full), .contactInfoChanged(ContactChange(name: F.grace)), .contactInfoChanged(.none)])
    func evolveForgotten(event: CustomerEvent) {
        #expect(CustomerState.forgotten.evolve(event) == .forgotten)
        #expect(CustomerState.forgotten.contact == nil)
    }

    // MARK: Changing each field

    /// A change of one field, and the details it leads to from `full`.
    static let singleFieldChanges: [(String, ContactChange, ContactInfo)] = [
        ("name", ContactChange(name: F.grace), ContactInfo(name: F.grace, email: F.adaMail, phone: F.berlinPhone, address: F.berlin)),
        ("email", ContactChange(email: F.graceMail), ContactInfo(name: F.ada, email: F.graceMail, phone: F.berlinPhone, address: F.berlin)),
        ("phone", ContactChange(phone: .set(F.londonPhone)), ContactInfo(name: F.ada, email: F.adaMail, phone: F.londonPhone, address: F.berlin)),
        ("address", ContactChange(address: .set(F.london)), ContactInfo(name: F.ada, email: F.adaMail, phone: F.berlinPhone, address: F.london)),
        ("clear phone", ContactChange(phone: .clear), ContactInfo(name: F.ada, email: F.adaMail, phone: nil, address: F.berlin)),
        ("clear address", ContactChange(address: .clear), ContactInfo(name: F.ada, email: F.adaMail, phone: F.berlinPhone, address: nil)),
    ]

    @Test("changing one field records just that change and evolves just that field", arguments: singleFieldChanges)
    func changeOneField(label: String, change: ContactChange, expected: ContactInfo) throws {
        let state = CustomerState.replaying(F.history(registered: F.full))
        let event = try state.decide(.changeContactInfo(change))
        #expect(event == .contactInfoChanged(change), "\(label)")
        #expect(state.evolve(event) == .registered(expected), "\(label)")
    }

    @Test("phone and address can be added to a customer registered without them")
    func addOptionalFields() throws {
        let state = CustomerState.replaying(F.history(registered: F.minimal))
        let change = ContactChange(phone: .set(F.berlinPhone), address: .set(F.berlin))
        let event = try state.decide(.changeContactInfo(change))
        #expect(event == .contactInfoChanged(change))
        #expect(state.evolve(event).contact == F.full)
    }

    // MARK: Changes that change nothing

    /// Changes that leave `full` exactly as it is.
    static let noOpChangesOfFull: [ContactChange] = [
        .none,
        ContactChange(name: F.ada),
        ContactChange(email: F.adaMail),
        ContactChange(phone: .set(F.berlinPhone)),
        ContactChange(address: .set(F.berlin)),
        ContactChange(name: F.ada, email: F.adaMail, phone: .set(F.berlinPhone), address: .set(F.berlin)),
    ]

    @Test("setting fields to their current values is accepted and recorded as an empty change", arguments: noOpChangesOfFull)
    func sameValues(change: ContactChange) throws {
        let state = CustomerState.replaying(F.history(registered: F.full))
        let event = try state.decide(.changeContactInfo(change))
        #expect(event == .contactInfoChanged(.none))
        guard case let .contactInfoChanged(recorded) = event else { return }
        #expect(recorded.isEmpty)
        #expect(state.evolve(event) == state)
    }

    @Test("clearing a phone or address that is already absent is recorded as an empty change",
          arguments: [ContactChange(phone: .clear), ContactChange(address: .clear), ContactChange(phone: .clear, address: .clear)])
    func clearAbsent(change: ContactChange) throws {
        let state = CustomerState.replaying(F.history(registered: F.minimal))
        let event = try state.decide(.changeContactInfo(change))
        #expect(event == .contactInfoChanged(.none))
        #expect(state.evolve(event) == state)
    }

    @Test("a mixed change keeps only the fields that differ")
    func mixedChange() throws {
        let state = CustomerState.replaying(F.history(registered: F.full))
        let asked = ContactChange(name: F.ada, email: F.graceMail, phone: .set(F.berlinPhone), address: .clear)
        let event = try state.decide(.changeContactInfo(asked))
        #expect(event == .contactInfoChanged(ContactChange(email: F.graceMail, address: .clear)))
        #expect(state.evolve(event) == .registered(ContactInfo(name: F.ada, email: F.graceMail, phone: F.berlinPhone)))
    }

    // MARK: Evolve

    @Test("evolve applies exactly the fields an event changes, even ones decide would have dropped")
    func evolveAppliesExactly() {
        let state = CustomerState.registered(F.full)
        #expect(state.evolve(.contactInfoChanged(.none)) == state)
        #expect(state.evolve(.contactInfoChanged(ContactChange(phone: .clear))).contact
            == ContactInfo(name: F.ada, email: F.adaMail, address: F.berlin))
        // A recorded event is a fact: applied as stored, not re-derived.
        #expect(state.evolve(.contactInfoChanged(ContactChange(name: F.ada, address: .set(F.berlin)))) == state)
    }

    @Test("events that make no sense in the state leave it as it was")
    func evolveIsTotal() {
        #expect(CustomerState.initial.evolve(.contactInfoChanged(ContactChange(name: F.grace))) == .notRegistered)
        #expect(CustomerState.registered(F.full).evolve(.customerRegistered(F.minimal)) == .registered(F.full))
    }

    @Test("a sequence of events folds to the expected contact details")
    func foldSequence() {
        let events: [CustomerEvent] = [
            .customerRegistered(F.minimal),
            .contactInfoChanged(ContactChange(phone: .set(F.berlinPhone))),
            .contactInfoChanged(ContactChange(name: F.grace, address: .set(F.london))),
            .contactInfoChanged(.none),
            .contactInfoChanged(ContactChange(email: F.graceMail, phone: .clear)),
            .contactInfoChanged(ContactChange(phone: .set(F.londonPhone))),
        ]
        #expect(CustomerState.replaying(events)
            == .registered(ContactInfo(name: F.grace, email: F.graceMail, phone: F.londonPhone, address: F.london)))
    }

    @Test("deciding then evolving, command by command, matches replaying the events decided")
    func decideThenEvolve() throws {
        let commands: [CustomerCommand] = [
            .registerCustomer(F.minimal),
            .changeContactInfo(ContactChange(phone: .set(F.berlinPhone), address: .clear)),
            .changeContactInfo(ContactChange(name: F.grace, phone: .set(F.berlinPhone))),
            .changeContactInfo(ContactChange(address: .set(F.london))),
        ]
        var state = CustomerState.initial
        var events: [CustomerEvent] = []
        for command in commands {
            let event = try state.decide(command)
            events.append(event)
            state = state.evolve(event)
        }
        #expect(events == [
            .customerRegistered(F.minimal),
            .contactInfoChanged(ContactChange(phone: .set(F.berlinPhone))),
            .contactInfoChanged(ContactChange(name: F.grace)),
            .contactInfoChanged(ContactChange(address: .set(F.london))),
        ])
        #expect(state == CustomerState.replaying(events))
        #expect(state.contact == ContactInfo(name: F.grace, email: F.adaMail, phone: F.berlinPhone, address: F.london))
    }
}
