import ArgumentParser

/// `--format`: JSON (the default, stable for machines) or aligned text tables for people.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json
    case text
}
