/// One member of an object being transcoded: its key's place in the input (quotes included) and its
/// value's place in the writer's output.
struct StoredMember {
    let key: Range<Int>
    let value: Range<Int>
}
