/// A JSON object that keeps its members in order; equality compares members in that order.
public struct JSONObject: Equatable, Sendable {
    // The parser never produces two members with equal keys but the writer writes whatever is here,
    // so code that edits this array directly should keep keys distinct or the output will not parse back.
    /// The members in input or insertion order.
    public var members: [JSONMember]

    /// Creates an object from members, kept in the given order.
    public init(_ members: [JSONMember] = []) {
        self.members = members
    }

    /// The value of the first member named `key`; setting replaces it in place or appends, setting nil removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            // Objects read from commands are small, so a linear search beats building a dictionary.
            members.first { $0.key == key }?.value
        }
        set {
            guard let newValue else {
                // Every member with the key goes, so the getter cannot find a leftover duplicate afterwards.
                members.removeAll { $0.key == key }
                return
            }
            if let index = members.firstIndex(where: { $0.key == key }) {
                members[index].value = newValue
            } else {
                members.append(JSONMember(key: key, value: newValue))
            }
        }
    }

    /// The member keys in order.
    public var keys: [String] {
        members.map(\.key)
    }

    /// Whether the object has no members.
    public var isEmpty: Bool {
        members.isEmpty
    }

    /// The number of members.
    public var count: Int {
        members.count
    }
}
