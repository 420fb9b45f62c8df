/// Why a customer line stopped `submit`: the runner was built without a way to handle customer
/// commands. A failure of the run rather than an `invalid` answer, because the line itself may well
/// be right, and answering it would tell the sender to fix what is not broken.
public struct MissingCustomerCommandHandler: Error, CustomStringConvertible {
    /// Creates the failure.
    public init() {}

    public var description: String {
        "this orderctl cannot handle customer commands yet: submit was started without a customer command handler"
    }
}
