extension JSONValue {
    /// The value's text in canonical form, for hashing: at every depth, object members sorted by the
    /// UTF-8 bytes of their keys and numbers rewritten as plain decimals (`CanonicalNumber`).
    ///
    /// Two texts that parse to equal data (keys in another order, `1.50` or `15e-1`, whitespace) have
    /// one canonical form, so a digest of it survives a trip through PostgreSQL's `jsonb`, which keeps
    /// neither key order nor the way a number was written.
    ///
    /// Written by `JSONTextWriter` in canonical mode, the one definition the hash chain and the feed use.
    public func canonicalUTF8() -> [UInt8] {
        var writer = JSONTextWriter(canonical: true)
        writer.write(self)
        return writer.output
    }
}
