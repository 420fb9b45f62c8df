/// Quoting for the few identifiers orderctl builds at run time: projection table names.
///
/// They come from code (`ReadModel` names and numbers), never from input, but they are read back from
/// the `projections` registry, so they are quoted as a matter of course.
package enum SQLIdentifier {
    /// `"name"`, with embedded quotes doubled.
    package static func quoted(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }
}
