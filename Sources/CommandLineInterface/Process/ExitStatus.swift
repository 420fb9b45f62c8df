import ArgumentParser

/// The exit statuses docs/reference.md lists, the same for every subcommand.
enum ExitStatus {
    /// Everything asked for was done.
    static let success = ExitCode(0)
    /// The work ran but some of it was refused or found wrong (or not found).
    static let refused = ExitCode(1)
    /// Unknown option or bad argument.
    static let usage = ExitCode(2)
    /// Database unreachable, lost, or its schema missing or too old.
    static let infrastructure = ExitCode(3)
}
