import Hashing
import JSONCoding
import OrderDomain

/// The digest that tells a repeated command from a different command sent under the same id.
///
/// It covers what the command asks (type, order, fields) and not how it was sent: `expectedVersion`
/// and `metadata` may differ on a retry without making it another command.
public enum CommandFingerprint {
    /// SHA-256 of the command's canonical JSON (fixed key order, decimals as written).
    public static func of(_ envelope: CommandEnvelope) -> SHA256Digest {
        SHA256.hash(canonicalText(of: envelope))
    }

    /// The canonical JSON text that is hashed.
    public static func canonicalText(of envelope: CommandEnvelope) -> String {
        var fields = JSONObject()
        fields["type"] = .string(envelope.command.kind.rawValue)
        fields["orderId"] = .string(envelope.orderID.description)
        switch envelope.command {
        case let .placeOrder(customer, currency):
            fields["customerId"] = .string(customer.description)
            fields["currency"] = .string(currency.code)
        case let .addItem(product, quantity, unitPrice, currency):
            fields["productId"] = .string(product.description)
            fields["quantity"] = .integer(quantity)
            fields["unitPrice"] = .string(unitPrice.description)
            fields["currency"] = currency.map { .string($0.code) } ?? .null
        case let .removeItem(product, quantity):
            fields["productId"] = .string(product.description)
            fields["quantity"] = quantity.map { .integer($0) } ?? .null
        case .confirmOrder, .deliverOrder:
            break
        case let .shipOrder(trackingNumber):
            fields["trackingNumber"] = trackingNumber.map { .string($0) } ?? .null
        case let .cancelOrder(reason):
            fields["reason"] = reason.map { .string($0) } ?? .null
        }
        return JSONValue.object(fields).serialized()
    }
}
