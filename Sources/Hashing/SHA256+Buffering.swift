extension SHA256 {
    /// Feeds contiguous bytes through the partial-block buffer and compresses every whole block.
    mutating func absorb(_ input: UnsafeRawBufferPointer) {
        guard var source = input.baseAddress, !input.isEmpty else { return }
        var remainingByteCount = input.count
        messageByteCount &+= UInt64(remainingByteCount)

        if pendingByteCount > 0 {
            let takenByteCount = min(Self.blockByteCount - pendingByteCount, remainingByteCount)
            let offset = pendingByteCount
            withUnsafeMutableBytes(of: &pendingBlock) { pending in
                (pending.baseAddress! + offset).copyMemory(from: source, byteCount: takenByteCount)
            }
            pendingByteCount += takenByteCount
            source += takenByteCount
            remainingByteCount -= takenByteCount
            guard pendingByteCount == Self.blockByteCount else { return }
            // A copy keeps the read of the buffer apart from the write to the chaining state.
            let completedBlock = pendingBlock
            withUnsafeBytes(of: completedBlock) { block in
                chainingState.compress(blocks: block)
            }
            pendingByteCount = 0
        }

        // Whole blocks are compressed straight from the caller's memory, skipping the buffer.
        let wholeBlocksByteCount = remainingByteCount & ~(Self.blockByteCount - 1)
        if wholeBlocksByteCount > 0 {
            chainingState.compress(blocks: UnsafeRawBufferPointer(start: source, count: wholeBlocksByteCount))
            source += wholeBlocksByteCount
            remainingByteCount -= wholeBlocksByteCount
        }

        if remainingByteCount > 0 {
            let leftoverByteCount = remainingByteCount
            withUnsafeMutableBytes(of: &pendingBlock) { pending in
                pending.baseAddress!.copyMemory(from: source, byteCount: leftoverByteCount)
            }
            pendingByteCount = leftoverByteCount
        }
    }

    /// Feeds a sequence without contiguous storage through a stack staging area, a few blocks at a time.
    mutating func updateByStaging(_ bytes: some Sequence<UInt8>) {
        let stagingCapacity = 4 * Self.blockByteCount
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stagingCapacity) { staging in
            var stagedCount = 0
            for byte in bytes {
                staging[stagedCount] = byte
                stagedCount += 1
                if stagedCount == stagingCapacity {
                    absorb(UnsafeRawBufferPointer(staging))
                    stagedCount = 0
                }
            }
            absorb(UnsafeRawBufferPointer(start: staging.baseAddress, count: stagedCount))
        }
    }
}
