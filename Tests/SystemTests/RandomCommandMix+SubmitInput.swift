import Foundation
import ReadModelTestSupport

extension RandomCommandMix {
    /// A `submit` input of `count` commands from a seeded mix, and the mix that made it (its orders and customers).
    static func submitInput(seed: UInt64, orders: Int, count: Int) -> (input: Data, mix: RandomCommandMix) {
        var mix = RandomCommandMix(seed: seed, orderCount: orders)
        let lines = mix.next(count).map(RandomCommandMix.jsonLine)
        return (Data((lines.joined(separator: "\n") + "\n").utf8), mix)
    }
}
