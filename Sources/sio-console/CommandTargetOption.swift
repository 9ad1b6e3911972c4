import AdminConsole

/// Resolves a `--to` argument: a known socket id, else a room; none means the whole namespace.
enum CommandTargetOption {
    static func target(_ to: String?, namespace: String, in state: ConsoleState) -> CommandTarget {
        guard let to, !to.isEmpty else { return .namespace(namespace) }
        let key = SocketKey(namespace: namespace, id: to)
        return state.sockets[key] != nil ? .socket(key) : .room(namespace: namespace, room: to)
    }
}
