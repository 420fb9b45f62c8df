import ArgumentParser
import OrderProjections

/// The `[NAME ...]` argument of `projections catch-up` and `rebuild`: read model names, all when empty.
struct ReadModelNames: ParsableArguments {
    @Argument(help: ArgumentHelp("Read models: \(ReadModel.allCases.map(\.name).joined(separator: ", ")). Default: all.", valueName: "name"))
    var names: [String] = []

    func validate() throws {
        for name in names where ReadModel(name: name) == nil {
            throw ValidationError("unknown read model \"\(name.prefix(60))\"; the read models are \(ReadModel.allCases.map(\.name).joined(separator: ", "))")
        }
    }

    /// The chosen read models, in the order given, without repeats.
    var readModels: [ReadModel] {
        let chosen = names.compactMap(ReadModel.init(name:))
        guard !chosen.isEmpty else { return ReadModel.allCases }
        var seen = Set<ReadModel>()
        return chosen.filter { seen.insert($0).inserted }
    }
}
