/// Identifies a registered listener, to remove it with `off`.
public struct ListenerToken: Sendable, Hashable {
    let id: UInt64
}

// The registry is shared by the server and client modules of this package, not public API.

/// Listeners by event name, in registration order, with `once` support. Not thread-safe: its
/// owner keeps it behind a lock and calls the handlers outside it.
package struct ListenerRegistry<Handler> {
    private struct Entry {
        let token: ListenerToken
        let once: Bool
        let handler: Handler
    }

    private var entries: [String: [Entry]] = [:]
    private var nextID: UInt64 = 0

    package init() {}

    /// Adds a listener for `event` (at the front when `prepend`).
    package mutating func add(_ event: String, once: Bool = false, prepend: Bool = false, _ handler: Handler) -> ListenerToken {
        nextID += 1
        let entry = Entry(token: ListenerToken(id: nextID), once: once, handler: handler)
        if prepend {
            entries[event, default: []].insert(entry, at: 0)
        } else {
            entries[event, default: []].append(entry)
        }
        return entry.token
    }

    /// Removes one listener, or every listener of `event` when `token` is `nil`.
    package mutating func remove(_ event: String, token: ListenerToken?) {
        guard let token else {
            entries[event] = nil
            return
        }
        entries[event]?.removeAll { $0.token == token }
    }

    /// Removes every listener of every event.
    package mutating func removeAll() {
        entries.removeAll()
    }

    /// The handlers to call for `event`, dropping the `once` ones from the registry.
    package mutating func take(_ event: String) -> [Handler] {
        guard let list = entries[event], !list.isEmpty else { return [] }
        if list.contains(where: { $0.once }) { entries[event] = list.filter { !$0.once } }
        return list.map { $0.handler }
    }

    /// The handlers registered for `event`, without consuming `once` ones.
    package func handlers(_ event: String) -> [Handler] {
        entries[event]?.map { $0.handler } ?? []
    }

    /// Whether any listener is registered for `event`.
    package func contains(_ event: String) -> Bool {
        !(entries[event]?.isEmpty ?? true)
    }
}
