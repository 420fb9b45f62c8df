import OrderDomain
import OrderProjections

/// The port the customer command handler needs from storage. PostgreSQL implements it.
public protocol CustomerEventStore: AnyObject {
    /// The record of an applied command (of either kind), if that id was applied.
    func command(_ commandID: CommandID) throws -> CommandRecord?
    /// The head of a customer's stream as committed now, its key included; an order's stream gives a head
    /// that says so.
    func customerHead(of customerID: CustomerID) throws -> CustomerStreamHead
    /// Writes the key (for a registration), the event, the command record and the contacts row
    /// atomically, under the version check. A stream forgotten since the head was read counts as moved.
    func append(_ append: CustomerAppend) throws -> CustomerAppendOutcome
    /// Destroys the customer's key and clears everything that held its details in the clear, in one
    /// transaction; the events stay as they are.
    func forget(_ customerID: CustomerID) throws -> ForgetOutcome

    /// The records of whichever of these command ids were applied.
    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord]
    /// The heads of several customers' streams as committed now.
    func customerHeads(of customerIDs: [CustomerID]) throws -> [CustomerID: CustomerStreamHead]
    /// Writes several appends in one transaction, all or nothing, each under its version check; appends
    /// to the same stream follow one another. Nil when they cannot be written together (a stream moved
    /// or was forgotten, a command id was recorded meanwhile, a row was refused): then nothing was
    /// written, and each must be handled alone.
    func append(together appends: [CustomerAppend]) throws -> [EventReceipt]?
}

extension CustomerEventStore {
    public func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] {
        var records: [CommandID: CommandRecord] = [:]
        for commandID in commandIDs {
            records[commandID] = try command(commandID)
        }
        return records
    }

    public func customerHeads(of customerIDs: [CustomerID]) throws -> [CustomerID: CustomerStreamHead] {
        var heads: [CustomerID: CustomerStreamHead] = [:]
        for customerID in customerIDs {
            heads[customerID] = try customerHead(of: customerID)
        }
        return heads
    }

    /// A store that cannot do better (a test double) declines, and each command goes alone.
    public func append(together appends: [CustomerAppend]) throws -> [EventReceipt]? {
        nil
    }
}
