#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import JSONCoding
import OrderDomain
import PersonalDataProtection

/// The file `export --keys` writes and `import --keys` reads: JSON Lines, a header that says what the
/// file is, then one `{"customerId", "key"}` per customer, the key as 64 hexadecimal digits.
///
/// It is created with mode 0600 (and set to it before anything is written, should it exist already):
/// whoever reads it can open every personal field of the feed.
enum CustomerKeyFile {
    /// The header's `format` member, which `read` insists on.
    static let format = "orderctl customer keys v1"
    static let notice = "Secret: these keys open the personal data (names, e-mail addresses, phone numbers, postal addresses) "
        + "sealed in an orderctl event log. Keep this file apart from the exported feed, never commit or mail it, "
        + "and destroy it once the import is done."

    /// Creates (or empties) the key file with mode 0600 and returns its descriptor, before the export
    /// starts: a file that cannot be written stops it before the feed is written, not after.
    static func create(_ path: String) throws -> Int32 {
        // O_NOFOLLOW: a symbolic link planted at the path must not get the keys written through it.
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            StandardStreams.printError("cannot create the key file \(path): \(String(cString: strerror(errno)))")
            throw ExitStatus.usage
        }
        // An existing file keeps its mode through O_CREAT: make it private before anything is written.
        guard fchmod(descriptor, 0o600) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            StandardStreams.printError("cannot make the key file \(path) private (mode 0600): \(reason)")
            throw ExitStatus.usage
        }
        return descriptor
    }

    /// Writes the header and every key `forEachKey` hands over into the file `create` opened, and
    /// closes it; returns how many keys were written.
    static func write(to descriptor: Int32, path: String, forEachKey: ((CustomerID, CustomerKey) throws -> Void) throws -> Int) throws -> Int {
        defer { close(descriptor) }
        var text = JSONValue.object(["format": .string(format), "notice": .string(notice)]).serialized() + "\n"
        let count = try forEachKey { customerID, key in
            text += JSONValue.object(["customerId": .string(customerID.description), "key": .string(key.hexadecimal)]).serialized() + "\n"
        }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written) }
            guard result > 0 else {
                StandardStreams.printError("cannot write the key file \(path): \(String(cString: strerror(errno)))")
                throw ExitStatus.usage
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            StandardStreams.printError("cannot write the key file \(path) to disk: \(String(cString: strerror(errno)))")
            throw ExitStatus.usage
        }
        return count
    }

    /// The keys in the file; a file that is not a key file, or a line that is not a key, is a usage error
    /// naming the line.
    static func read(_ path: String) throws -> [CustomerID: CustomerKey] {
        let descriptor = try InputFile.open(path, describing: "a key file written by export --keys")
        defer { close(descriptor) }
        var reader = LineReader(fileDescriptor: descriptor)
        var keys: [CustomerID: CustomerKey] = [:]
        var sawHeader = false
        func refuse(_ number: Int, _ reason: String) -> Error {
            StandardStreams.printError("\(path) line \(number): \(reason); nothing was imported")
            return ExitStatus.usage
        }
        while let input = try reader.nextLine() {
            if input.isBlank { continue }
            guard case let .text(number, bytes) = input else { throw refuse(input.number, "the line is too long for a key file") }
            guard case let .object(object)? = try? JSONParser.parse(bytes) else { throw refuse(number, "not a JSON object") }
            if !sawHeader {
                guard object["format"]?.stringValue == format else { throw refuse(number, "not a key file written by orderctl export --keys") }
                sawHeader = true
                continue
            }
            guard object.members.count == 2, let customerID = object["customerId"]?.stringValue.flatMap(CustomerID.init),
                  let key = object["key"]?.stringValue.flatMap(CustomerKey.init(hexadecimal:))
            else { throw refuse(number, "a key line holds exactly customerId (a UUID) and key (64 hexadecimal digits)") }
            guard keys.updateValue(key, forKey: customerID) == nil else { throw refuse(number, "a second key for customer \(customerID)") }
        }
        guard sawHeader else { throw refuse(1, "the file is empty, not a key file written by orderctl export --keys") }
        return keys
    }
}
