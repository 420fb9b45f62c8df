import FoundationEssentials
import JSONCoding
import OrderDomain
import PersonalDataProtection

/// Turns customer events into their stored shape and back, sealing every personal field under the
/// customer's own key, so that destroying the key ("forget") leaves the fields unreadable while the
/// hash-chained events stay exactly as they were written.
///
/// Shapes, schema version 1 for both types (what `encode` writes):
/// - `CustomerRegistered`: `name` and `email` sealed; `phone` and `address` sealed when the customer
///   gave them, absent otherwise.
/// - `ContactInfoChanged`: only what changed. A field set to a new value is sealed; a phone or address
///   cleared is JSON `null`; a field kept is absent, so an empty change is `{}`. Name and email cannot
///   be cleared, so they are never `null`.
///
/// Every sealed value is a ``SealedField``'s text (`v1.` and base64url), so no plaintext personal data
/// is anywhere in the payload. Name, email and phone are sealed as their text; an address as the
/// compact JSON text of ``ContactDocument/address(_:)``, `{"street","city","postalCode","country"}`
/// in that order, and read back through ``ContactDocument/address(from:)``.
///
/// Associated data: the 16 bytes of the event id's UUID, in the order its text form prints them,
/// followed by the UTF-8 bytes of the payload member's name (`name`, `email`, `phone`, `address`).
/// The id binds a field to its event, so a sealed field copied into another event of the same
/// customer does not open; the member's name binds it to its field, so a sealed email moved into
/// `name` does not open either. No separator is needed: the id is always 16 bytes, and the name is
/// the rest. The associated data is authenticated but not stored; the reader rebuilds it.
///
/// Decoding opens every field and checks it again through the value objects (``PersonName``,
/// ``EmailAddress``, ``PhoneNumber``, ``PostalAddress``), so a stored event can never yield details
/// a command could not have. Its errors name the field and the rule broken and never show the
/// field's content, which is personal data even when it is wrong.
public enum CustomerEventCodec {
    /// The schema version `encode` writes, and the only one `decode` reads, for both event types.
    public static let schemaVersion = 1

    /// Whether `type` is the stored type of a customer event (`CustomerRegistered`,
    /// `ContactInfoChanged`), as opposed to an order event's.
    public static func isCustomerEventType(_ type: String) -> Bool {
        CustomerEvent.Kind(rawValue: type) != nil
    }

    /// The stored shape of `event`, each personal field sealed under `key` and bound to `eventID`.
    ///
    /// Throws only when libcrypto cannot seal (no random bytes for a nonce), never for the event.
    public static func encode(_ event: CustomerEvent, eventID: EventID, sealedWith key: CustomerKey) throws(FieldCipherError) -> EncodedEvent {
        var payload = JSONObject()
        for (field, value) in disclosedFields(of: event) {
            guard let value else {
                payload[field.rawValue] = .null
                continue
            }
            let sealed = try FieldCipher.seal(plaintext(of: value), with: key, associatedData: associatedData(field, eventID: eventID))
            payload[field.rawValue] = .string(sealed.text)
        }
        return EncodedEvent(type: event.kind.rawValue, schemaVersion: schemaVersion, payload: payload)
    }

    /// The customer event a stored shape holds, every field opened with `key` for `eventID` and
    /// validated again.
    ///
    /// Throws for an unknown type or schema version, a payload that fails ``checkShape(_:)``, a field
    /// that does not open (another key, another event, another field, or altered), and an opened
    /// value the value objects refuse.
    public static func decode(_ encoded: EncodedEvent, eventID: EventID, key: CustomerKey) throws(EventDecodingError) -> CustomerEvent {
        let stored = try storedFields(of: encoded)
        let opener = FieldOpener(encoded: encoded, eventID: eventID, key: key)
        switch stored.kind {
        case .customerRegistered:
            guard case let .sealed(name)? = stored.values[.name], case let .sealed(email)? = stored.values[.email] else {
                throw failure(encoded, "name and email must both be sealed fields in a registration")
            }
            return .customerRegistered(ContactInfo(
                name: try opener.name(name),
                email: try opener.email(email),
                phone: try opener.optional(stored.values[.phone], opening: opener.phone),
                address: try opener.optional(stored.values[.address], opening: opener.address)
            ))
        case .contactInfoChanged:
            return .contactInfoChanged(ContactChange(
                name: try opener.optional(stored.values[.name], opening: opener.name),
                email: try opener.optional(stored.values[.email], opening: opener.email),
                phone: try opener.change(stored.values[.phone], opening: opener.phone),
                address: try opener.change(stored.values[.address], opening: opener.address)
            ))
        }
    }

    /// Checks what can be checked without the customer's key, for importing a feed whose keys are not
    /// at hand: a customer event type at schema version 1, only known fields, each a parsable sealed
    /// field (or `null` where a change may clear it), and a name and an email in a registration.
    ///
    /// Whether the fields open, and whether what they hold is valid, only ``decode(_:eventID:key:)``
    /// can tell.
    public static func checkShape(_ encoded: EncodedEvent) throws(EventDecodingError) {
        _ = try storedFields(of: encoded)
    }

    /// The payload as `replay` shows it.
    ///
    /// With the customer's key: each sealed field replaced by what it holds (name, email and phone
    /// as strings, the address as ``ContactDocument/address(_:)``'s object), a cleared field still
    /// `null`, every field opened and validated as ``decode(_:eventID:key:)`` does.
    ///
    /// Without a key, because the customer was forgotten: every personal field the stored payload
    /// holds becomes `null`, and `"forgotten": true` is added, so a reader sees which fields the event
    /// touched but nothing of what they were. The shape is still checked, so a malformed event is
    /// reported rather than passed off as forgotten.
    ///
    /// Members come in the order `encode` writes them: name, email, phone, address.
    public static func disclosedPayload(_ encoded: EncodedEvent, eventID: EventID, key: CustomerKey?) throws(EventDecodingError) -> JSONObject {
        guard let key else {
            let stored = try storedFields(of: encoded)
            var payload = JSONObject()
            for field in Field.allCases where stored.values[field] != nil {
                payload[field.rawValue] = .null
            }
            payload["forgotten"] = .bool(true)
            return payload
        }
        let event = try decode(encoded, eventID: eventID, key: key)
        var payload = JSONObject()
        for (field, value) in disclosedFields(of: event) {
            payload[field.rawValue] = value ?? .null
        }
        return payload
    }

    /// The personal fields of a payload, named as its members. The raw value is also the field's
    /// part of the associated data, so renaming a case would stop every stored field from opening.
    public enum Field: String, CaseIterable, Sendable {
        case name, email, phone, address

        /// Whether a `ContactInfoChanged` may record the field as cleared (`null`).
        var isClearable: Bool { self == .phone || self == .address }
    }

    /// The associated data that binds a field's ciphertext to its event and to its member name:
    /// the event id's 16 bytes, then the UTF-8 of the name.
    static func associatedData(_ field: Field, eventID: EventID) -> [UInt8] {
        withUnsafeBytes(of: eventID.uuid.uuid) { Array($0) } + Array(field.rawValue.utf8)
    }

    /// The fields an event records, in payload order, each as the JSON that shows it in the clear:
    /// a string, or for an address its object; nil for a field the event clears. Kept fields are
    /// left out, as they are from the payload.
    private static func disclosedFields(of event: CustomerEvent) -> [(Field, JSONValue?)] {
        var fields: [(Field, JSONValue?)] = []
        switch event {
        case let .customerRegistered(contact):
            fields.append((.name, .string(contact.name.value)))
            fields.append((.email, .string(contact.email.value)))
            if let phone = contact.phone { fields.append((.phone, .string(phone.value))) }
            if let address = contact.address { fields.append((.address, ContactDocument.address(address))) }
        case let .contactInfoChanged(change):
            if let name = change.name { fields.append((.name, .string(name.value))) }
            if let email = change.email { fields.append((.email, .string(email.value))) }
            switch change.phone {
            case .keep: break
            case let .set(phone): fields.append((.phone, .string(phone.value)))
            case .clear: fields.append((.phone, nil))
            }
            switch change.address {
            case .keep: break
            case let .set(address): fields.append((.address, ContactDocument.address(address)))
            case .clear: fields.append((.address, nil))
            }
        }
        return fields
    }

    /// The text a field's disclosed JSON is sealed as: a string as it is, an address object as its
    /// compact JSON text, whose members ``ContactDocument`` writes in a fixed order.
    private static func plaintext(of value: JSONValue) -> String {
        if case let .string(text) = value { text } else { value.serialized() }
    }

    /// A personal field as the payload holds it, before any key is used.
    enum StoredValue: Equatable, Sendable {
        /// A sealed field's text, parsed but not opened.
        case sealed(SealedField)
        /// `null`: the change clears the field.
        case cleared
    }

    /// What ``storedFields(of:)`` found: the event's kind and the fields present.
    struct StoredFields: Sendable {
        let kind: CustomerEvent.Kind
        /// Only the fields present in the payload; a field absent from it is absent here.
        let values: [Field: StoredValue]
    }

    /// The kind and the present fields of a stored customer event, or the first rule of its shape that
    /// it breaks: the checks of ``checkShape(_:)``, shared by every reader.
    private static func storedFields(of encoded: EncodedEvent) throws(EventDecodingError) -> StoredFields {
        guard let kind = CustomerEvent.Kind(rawValue: encoded.type) else {
            throw failure(encoded, "unknown event type; a customer stream holds only CustomerRegistered and ContactInfoChanged")
        }
        guard encoded.schemaVersion == schemaVersion else {
            throw failure(encoded, "unsupported schema version; this orderctl reads version \(schemaVersion)")
        }
        var values: [Field: StoredValue] = [:]
        for member in encoded.payload.members {
            guard let field = Field(rawValue: member.key) else {
                throw failure(encoded, "unknown field \(quoted(member.key)); the payload may hold only name, email, phone and address")
            }
            guard values[field] == nil else { throw failure(encoded, "\(field.rawValue) appears more than once") }
            switch member.value {
            case .null:
                guard kind == .contactInfoChanged else {
                    throw failure(encoded, "\(field.rawValue) is null; a registration leaves out what the customer did not give rather than clearing it")
                }
                guard field.isClearable else {
                    throw failure(encoded, "\(field.rawValue) is null; a change may replace the \(field.rawValue) but never clear it")
                }
                values[field] = .cleared
            case let .string(text):
                do {
                    values[field] = .sealed(try SealedField(text: text))
                } catch {
                    throw failure(encoded, "\(field.rawValue) is not a sealed field (\(sealedTextProblem(error))); personal data must be stored sealed, never in plain text")
                }
            default:
                let clearable = kind == .contactInfoChanged && field.isClearable
                throw failure(encoded, "\(field.rawValue) is not a sealed field (a string starting v1.)\(clearable ? " or null" : "")")
            }
        }
        if kind == .customerRegistered {
            for field in [Field.name, .email] where values[field] == nil {
                throw failure(encoded, "\(field.rawValue) is missing; a registration needs a sealed name and email")
            }
        }
        return StoredFields(kind: kind, values: values)
    }

    /// Why a text did not parse as a sealed field, in words that hold none of the text.
    private static func sealedTextProblem(_ error: FieldCipherError) -> String {
        switch error {
        case let .malformed(reason): reason
        case let .unsupportedVersion(version): "sealed in format \(version), which this orderctl does not read; read it with a newer orderctl"
        case .authenticationFailed, .notText: "it does not open"
        case let .libraryFailure(operation, reason): "libcrypto failed in \(operation): \(reason)"
        }
    }

    /// A member name from a payload for a message: as a JSON string, so control characters show as
    /// escapes, and cut to 40 characters so that a stranger's long key cannot flood a log line.
    private static func quoted(_ key: String) -> String {
        let limit = 40
        guard key.unicodeScalars.count > limit else { return JSONValue.string(key).serialized() }
        var shortened = String.UnicodeScalarView()
        shortened.append(contentsOf: key.unicodeScalars.prefix(limit))
        return JSONValue.string(String(shortened)).serialized() + "…"
    }

    /// A decoding error for `encoded`.
    static func failure(_ encoded: EncodedEvent, _ reason: String) -> EventDecodingError {
        EventDecodingError(type: encoded.type, schemaVersion: encoded.schemaVersion, reason: reason)
    }
}

/// Opens the sealed fields of one stored customer event and validates what they hold, failing with
/// the field's name and never with its content.
private struct FieldOpener {
    typealias Field = CustomerEventCodec.Field

    let encoded: EncodedEvent
    let eventID: EventID
    let key: CustomerKey

    func name(_ sealed: SealedField) throws(EventDecodingError) -> PersonName {
        let text = try open(sealed, as: .name)
        do {
            return try PersonName(text)
        } catch {
            let rule = switch error {
            case .empty: "it is empty"
            case let .tooLong(count): "it has \(count) Unicode scalar values, more than 200"
            case .controlCharacter: "it holds a control character"
            }
            throw invalid(.name, "name", rule: rule)
        }
    }

    func email(_ sealed: SealedField) throws(EventDecodingError) -> EmailAddress {
        let text = try open(sealed, as: .email)
        guard let email = try? EmailAddress(text) else {
            throw invalid(.email, "email address", rule: "it is not a plain ASCII address local@domain")
        }
        return email
    }

    func phone(_ sealed: SealedField) throws(EventDecodingError) -> PhoneNumber {
        let text = try open(sealed, as: .phone)
        guard let phone = try? PhoneNumber(text) else {
            throw invalid(.phone, "phone number", rule: "it is not '+' and \(PhoneNumber.digitRange.lowerBound) to \(PhoneNumber.digitRange.upperBound) digits (E.164)")
        }
        return phone
    }

    func address(_ sealed: SealedField) throws(EventDecodingError) -> PostalAddress {
        let text = try open(sealed, as: .address)
        guard let document = try? JSONParser.parse(text) else {
            throw invalid(.address, "postal address", rule: "it is not JSON text")
        }
        do {
            return try ContactDocument.address(from: document)
        } catch {
            let rule = switch error {
            case .notAnObject: "it is not a JSON object"
            case .unexpectedMember: "it holds a member other than street, city, postalCode and country"
            case let .missingMember(member): "\(member) is missing or not a string"
            case let .invalid(.empty(part)): "\(part.rawValue) is empty"
            case let .invalid(.tooLong(part, count)): "\(part.rawValue) has \(count) Unicode scalar values, more than 200"
            case let .invalid(.controlCharacter(part, _, _)): "\(part.rawValue) holds a control character"
            case .invalid(.country): "country is not an assigned ISO 3166-1 alpha-2 code in upper case"
            }
            throw invalid(.address, "postal address", rule: rule)
        }
    }

    /// The opened value of a field that may be absent but never cleared: a registration's phone or
    /// address, a change's name or email. ``CustomerEventCodec/checkShape(_:)`` already refused a
    /// `null` there; this refuses it again rather than read it as absent.
    func optional<Value>(
        _ stored: CustomerEventCodec.StoredValue?, opening open: (SealedField) throws(EventDecodingError) -> Value
    ) throws(EventDecodingError) -> Value? {
        switch stored {
        case nil: nil
        case .cleared?: throw CustomerEventCodec.failure(encoded, "a field that cannot be cleared here is null")
        case let .sealed(sealed)?: try open(sealed)
        }
    }

    /// What a change records for an optional field: kept when absent, cleared when `null`, set to the
    /// opened value when sealed.
    func change<Value>(
        _ stored: CustomerEventCodec.StoredValue?, opening open: (SealedField) throws(EventDecodingError) -> Value
    ) throws(EventDecodingError) -> OptionalFieldChange<Value> {
        switch stored {
        case nil: .keep
        case .cleared?: .clear
        case let .sealed(sealed)?: .set(try open(sealed))
        }
    }

    /// The text `sealed` holds, opened with the key and the associated data of `field` in this event.
    private func open(_ sealed: SealedField, as field: Field) throws(EventDecodingError) -> String {
        do {
            return try FieldCipher.openText(sealed, with: key, associatedData: CustomerEventCodec.associatedData(field, eventID: eventID))
        } catch {
            let problem = switch error {
            case .authenticationFailed:
                "does not open: it was sealed under another customer's key, for another event or another field, or it was altered"
            case .notText:
                "opened but does not hold UTF-8 text"
            case let .malformed(reason):
                "is not a sealed field (\(reason))"
            case let .unsupportedVersion(version):
                "is sealed in format \(version), which this orderctl does not read; read it with a newer orderctl"
            case let .libraryFailure(operation, reason):
                "could not be opened: libcrypto failed in \(operation): \(reason)"
            }
            throw CustomerEventCodec.failure(encoded, "\(field.rawValue) \(problem)")
        }
    }

    /// The error for a field that opened but holds no valid value: the rule broken, not the value.
    private func invalid(_ field: Field, _ noun: String, rule: String) -> EventDecodingError {
        CustomerEventCodec.failure(
            encoded,
            "\(field.rawValue) opened but is not a valid \(noun) (\(rule)); it was sealed by a writer that does not check it as this orderctl does, and is not shown because it is personal data"
        )
    }
}
