import Synchronization

/// Inputs waiting for the console's next frame: the link appends from its event loop, the
/// console's loop takes them all at once (so a burst of admin events costs one redraw).
public final class ConsoleInbox: Sendable {
    private let inputs = Mutex<[ConsoleInput]>([])

    /// An empty inbox.
    public init() {}

    /// Adds one input.
    public func post(_ input: ConsoleInput) {
        inputs.withLock { $0.append(input) }
    }

    /// Takes every waiting input, oldest first.
    public func drain() -> [ConsoleInput] {
        inputs.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
