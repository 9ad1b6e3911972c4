extension Collection<UInt8> {
    /// Calls `body` with the bytes in contiguous memory, copying them only when the collection
    /// does not already store them that way (strings and byte buffers do).
    func withContiguousBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let outcome =
            withContiguousStorageIfAvailable { bytes in Swift.Result { () throws(Failure) in try body(bytes) } }
            ?? Array(self).withUnsafeBufferPointer { bytes in Swift.Result { () throws(Failure) in try body(bytes) } }
        return try outcome.get()
    }
}
