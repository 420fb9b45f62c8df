import ArgumentParser

/// `replay --format`: a JSON line per event for machines, or a timeline for people.
enum ReplayFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl
    case text
}
