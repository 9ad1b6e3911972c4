/// The status line's latest message: a command's result, or why a key did nothing.
public struct ConsoleMessage: Sendable, Hashable {
    /// The text.
    public var text: String
    /// How it is drawn (`good`, `bad`, `warning`).
    public var style: TextStyle
    /// When it was set.
    public var at: Timestamp
}
