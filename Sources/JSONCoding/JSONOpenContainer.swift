/// An array or object whose closing bracket has not been read yet, collecting its contents.
struct JSONOpenContainer {
    /// Objects with more members than this switch duplicate detection from a scan to a hash set,
    /// so a hostile object with many keys costs linear rather than quadratic time.
    static let linearKeySearchLimit = 16

    /// Whether this is an object (collecting members) rather than an array (collecting elements).
    let isObject: Bool
    /// The elements read so far, for an array.
    var elements: [JSONValue] = []
    /// The members read so far, for an object.
    var members: [JSONMember] = []
    /// The key whose value is being read, for an object.
    var pendingKey = ""
    /// Every key so far, built only once the object outgrows the linear search.
    var keyIndex: Set<String>?

    /// An array with no elements yet.
    static func array() -> JSONOpenContainer {
        // Room for a few elements up front skips the 1, 2, 4 regrowth steps most small arrays would take.
        var container = JSONOpenContainer(isObject: false)
        container.elements.reserveCapacity(4)
        return container
    }

    /// An object whose first key has been read.
    static func object(firstKey: String) -> JSONOpenContainer {
        // Command objects usually have several members, so the same head start pays off here.
        var container = JSONOpenContainer(isObject: true)
        container.members.reserveCapacity(4)
        container.pendingKey = firstKey
        return container
    }

    /// Records `key` as the next member's key, or returns false when the object already has it.
    mutating func admitKey(_ key: String) -> Bool {
        if keyIndex == nil {
            if members.count < Self.linearKeySearchLimit {
                guard !members.contains(where: { $0.key == key }) else { return false }
                pendingKey = key
                return true
            }
            keyIndex = Set(members.lazy.map(\.key))
        }
        guard keyIndex!.insert(key).inserted else { return false }
        pendingKey = key
        return true
    }
}
