/// Where an order stands: pending → confirmed → shipped → delivered, or cancelled from pending or confirmed.
public enum OrderStatus: String, CaseIterable, Sendable, Hashable {
    case pending, confirmed, shipped, delivered, cancelled
}
