import ArgumentParser
import OrderProjections

/// The `[NAME ...]` argument of `projections catch-up` and `rebuild`: read model names, all when empty.
///
/// Beside the registered read models there is `contacts`, the customers' details, which every customer
/// append keeps inline: there is nothing for a catch-up to do there, but a rebuild folds it again.
struct ReadModelNames: ParsableArguments {
    /// The name of the contacts read model.
    static let contacts = "contacts"

    @Argument(help: ArgumentHelp("Read models: \(Self.allNames.joined(separator: ", ")). Default: all.", valueName: "name"))
    var names: [String] = []

    private static var allNames: [String] { ReadModel.allCases.map(\.name) + [contacts] }

    func validate() throws {
        for name in names where ReadModel(name: name) == nil && name != Self.contacts {
            throw ValidationError("unknown read model \"\(name.prefix(60))\"; the read models are \(Self.allNames.joined(separator: ", "))")
        }
    }

    /// The chosen registered read models, in the order given, without repeats.
    var readModels: [ReadModel] {
        let chosen = names.compactMap(ReadModel.init(name:))
        guard !names.isEmpty else { return ReadModel.allCases }
        var seen = Set<ReadModel>()
        return chosen.filter { seen.insert($0).inserted }
    }

    /// Whether the contacts read model is chosen (by name, or by naming none).
    var includesContacts: Bool { names.isEmpty || names.contains(Self.contacts) }
}
