#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Opens the file a subcommand reads (standard input for none or `-`), turning failure into a usage error.
enum InputFile {
    /// The descriptor to read; the caller closes it unless it is standard input.
    static func open(_ file: String?, describing expected: String) throws -> Int32 {
        guard let file, file != "-" else { return STDIN_FILENO }
        let descriptor = openForReading(file)
        guard descriptor >= 0 else {
            StandardStreams.printError("cannot open \(file): \(String(cString: strerror(errno)))")
            throw ExitStatus.usage
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            StandardStreams.printError("\(file) is a directory; give \(expected), or - for standard input")
            throw ExitStatus.usage
        }
        return descriptor
    }
}

/// The C library's `open`, which `InputFile.open` hides inside the type.
private func openForReading(_ path: String) -> Int32 {
    open(path, O_RDONLY)
}
