/// Why a customer line stopped `submit`: the runner was built without a way to handle customer
/// commands (`orderctl submit` always has one; a runner built by a test or another tool may not). A failure of the run rather than an `invalid` answer, because the line itself may well
/// be right, and answering it would tell the sender to fix what is not broken.
public struct MissingCustomerCommandHandler: Error, CustomStringConvertible {
    /// Creates the failure.
    public init() {}

    public var description: String {
        "customer commands cannot be handled here: submit was started without a customer command handler"
    }
}
