extension JSONValue {
    /// Compact JSON text with no whitespace, members in order, e.g. {"a":1,"b":[true,null]}.
    public func serialized() -> String {
        var writer = JSONTextWriter(indentWidth: nil)
        writer.write(self)
        return writer.withOutput { String(decoding: $0, as: UTF8.self) }
    }

    /// Indented JSON text: one member or element per line, "key": value, and empty {} and [] kept on one line.
    public func serialized(indentedBy spaces: Int) -> String {
        var writer = JSONTextWriter(indentWidth: spaces)
        writer.write(self)
        return writer.withOutput { String(decoding: $0, as: UTF8.self) }
    }

    /// Compact JSON text as UTF-8 bytes, for hashing or writing out without another conversion.
    public func serializedUTF8() -> [UInt8] {
        var writer = JSONTextWriter(indentWidth: nil)
        writer.write(self)
        return writer.output
    }
}
