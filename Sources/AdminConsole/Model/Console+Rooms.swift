/// The rooms view: each room with its member count, its members listed under it.
extension Console {
    func roomsLines(height: Int) -> [ScreenLine] {
        let entries = roomEntries()
        var rows: [(id: RowID, line: (Bool) -> ScreenLine)] = []
        for entry in entries {
            let count = "\(entry.members.count) member\(entry.members.count == 1 ? "" : "s")"
            rows.append((.room(namespace: entry.namespace, room: entry.room), { selected in
                let text = "\(entry.room)  (\(entry.namespace))  \(count)\(entry.isPrivate ? "  private" : "")"
                return selected ? ScreenLine(TextWidth.fit(text, width), .selected) : ScreenLine(text, .heading)
            }))
            for id in entry.members {
                rows.append((.member(namespace: entry.namespace, room: entry.room, id: id), { selected in
                    let socket = state.sockets[SocketKey(namespace: entry.namespace, id: id)]
                    let text = "    \(id)  \(socket?.transport ?? "")  \(socket?.address ?? "")"
                    return selected ? ScreenLine(TextWidth.fit(text, width), .selected) : ScreenLine(text)
                }))
            }
        }
        let header = ScreenLine("ROOM  (namespace)  members" + (showsPrivateRooms ? "   [a] hide private rooms" : "   [a] show private rooms"), .heading)
        if rows.isEmpty {
            return [header, ScreenLine(filters[.rooms] == nil ? "no rooms besides the sockets' own" : "no room matches", .dim)]
        }
        return listLines(header: header, ids: rows.map(\.id), height: height) { index, selected in rows[index].line(selected) }
    }
}
