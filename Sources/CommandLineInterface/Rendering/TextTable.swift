/// An aligned plain-text table: text columns left-aligned, figures right-aligned.
struct TextTable {
    /// One column's heading and alignment.
    struct Column {
        let heading: String
        let alignsRight: Bool

        /// A left-aligned column (names, ids, statuses).
        static func text(_ heading: String) -> Column { Column(heading: heading, alignsRight: false) }
        /// A right-aligned column (amounts, counts, versions).
        static func figure(_ heading: String) -> Column { Column(heading: heading, alignsRight: true) }
    }

    let columns: [Column]
    let rows: [[String]]

    /// The table with a heading row, two spaces between columns and no trailing blanks.
    var rendered: String {
        let widths = columns.indices.map { index in
            ([columns[index].heading] + rows.map { index < $0.count ? $0[index] : "" }).map(\.count).max() ?? 0
        }
        let lines = ([columns.map(\.heading)] + rows).map { cells in
            columns.indices.map { index in
                let cell = index < cells.count ? cells[index] : ""
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return columns[index].alignsRight ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            .replacingTrailingSpaces()
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
