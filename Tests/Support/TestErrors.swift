/// A test waited longer than it allows for something to happen.
public struct TestTimeout: Error {
    /// A timeout.
    public init() {}
}

/// The server wrote something other than what the test expected.
public struct UnexpectedFrame: Error, CustomStringConvertible {
    /// The frame, as text.
    public let text: String

    /// An unexpected `text`.
    public init(_ text: String) { self.text = text }

    public var description: String { "unexpected frame \(text)" }
}
