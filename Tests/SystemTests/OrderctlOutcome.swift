/// How a finished `orderctl` run ended.
struct OrderctlOutcome {
    let status: Int32
    let standardOutput: String
    let standardError: String

    var outputLines: [String] { standardOutput.split(separator: "\n").map(String.init) }
}
