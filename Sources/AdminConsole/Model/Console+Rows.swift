/// The rows each tab lists, filtered and sorted: the selection and the drawing share them.
extension Console {
    /// A room and its members, for the rooms view.
    public struct RoomEntry: Sendable, Hashable {
        /// Its namespace.
        public var namespace: String
        /// Its name.
        public var room: String
        /// Member socket ids, sorted.
        public var members: [String]
        /// Whether it is a socket's own room.
        public var isPrivate: Bool
    }

    /// The selectable rows of `tab`, top to bottom.
    func rowIDs(_ tab: ConsoleTab) -> [RowID] {
        switch tab {
        case .overview:
            return overviewNamespaces().map { RowID.namespace($0.name) }
        case .sockets:
            return socketKeys().map { .socket($0) }
        case .rooms:
            return roomEntries().flatMap { entry in
                [RowID.room(namespace: entry.namespace, room: entry.room)]
                    + entry.members.map { RowID.member(namespace: entry.namespace, room: entry.room, id: $0) }
            }
        case .events:
            return eventRows().map { .event($0.sequence) }
        case .upgrades:
            return upgradeRows().map { .upgrade($0.index) }
        }
    }

    /// The latest latency of a socket's client, ms.
    func latency(of socket: AdminSocket) -> Double? {
        state.latency[socket.clientId]?.latest
    }

    /// Connected sockets, filtered by the sockets tab's filter, in the chosen order.
    public func socketRows() -> [AdminSocket] {
        socketKeys().compactMap { state.sockets[$0] }
    }

    /// The keys of `socketRows()`: sorting light entries rather than whole sockets keeps a frame
    /// of 10,000 sockets cheap.
    func socketKeys() -> [SocketKey] {
        let query = filters[.sockets]
        // Each socket's sort key: a number first (descending sorts negate it), then text, then the key.
        var entries: [(number: Double, text: String, key: SocketKey)] = []
        entries.reserveCapacity(state.sockets.count)
        for socket in state.sockets.values where query?.matches(socket.searchableFields) ?? true {
            switch sort {
            case .connected: entries.append((socket.connectedAt?.seconds ?? 0, "", socket.key))
            case .id: entries.append((0, socket.id, socket.key))
            case .namespace: entries.append((0, "", socket.key))
            case .transport: entries.append((0, socket.transport, socket.key))
            case .address: entries.append((0, socket.address, socket.key))
            case .latency: entries.append((-(latency(of: socket) ?? -1), "", socket.key))
            case .lastEvent: entries.append((-(state.activity[socket.key]?.recentEvents.last?.at.seconds ?? -1), "", socket.key))
            }
        }
        entries.sort { ($0.number, $0.text, $0.key) < ($1.number, $1.text, $1.key) }
        let keys = entries.map(\.key)
        return sortReversed ? keys.reversed() : keys
    }

    /// Rooms with their members, filtered by the rooms tab's filter (room, namespace or member
    /// id), sorted by namespace and name; private rooms only when asked for.
    public func roomEntries() -> [RoomEntry] {
        let query = filters[.rooms]
        return Self.rooms(of: Array(state.sockets.values), includingPrivate: showsPrivateRooms).filter { entry in
            query?.matches([("room", [entry.room]), ("namespace", [entry.namespace]), ("id", entry.members)]) ?? true
        }
    }

    /// The rooms `sockets` are in, with their members, sorted by namespace and name.
    public static func rooms(of sockets: [AdminSocket], includingPrivate: Bool) -> [RoomEntry] {
        var members: [SocketKey: [String]] = [:]
        for socket in sockets {
            for room in socket.rooms where includingPrivate || room != socket.id {
                members[SocketKey(namespace: socket.namespace, id: room), default: []].append(socket.id)
            }
        }
        return members.map { key, ids in
            RoomEntry(namespace: key.namespace, room: key.id, members: ids.sorted(),
                      isPrivate: ids.count == 1 && ids[0] == key.id)
        }
        .sorted { ($0.namespace, $0.room) < ($1.namespace, $1.room) }
    }

    /// The event tail: filtered, and cut at the pause point while paused.
    public func eventRows() -> [EventRecord] {
        let query = filters[.events]
        return state.events.elements.filter { record in
            if let eventsPausedAt, record.sequence > eventsPausedAt { return false }
            guard let query else { return true }
            return query.matches([("id", [record.socket.id]), ("namespace", [record.socket.namespace]),
                                  ("event", [record.name]), ("direction", [record.direction.rawValue]),
                                  ("data", [DisplayFormat.arguments(record.arguments)])])
        }
    }

    /// Upgrades with their position in the log, filtered by client id, transport or outcome.
    public func upgradeRows() -> [(index: Int, record: UpgradeRecord)] {
        let query = filters[.upgrades]
        return state.upgrades.elements.enumerated().map { ($0.offset, $0.element) }.filter { _, record in
            query?.matches([("client", [record.clientId]), ("transport", [record.from, record.to]),
                            ("outcome", [record.outcome])]) ?? true
        }
    }

    /// Namespaces with socket counts summed over servers, for the overview's table.
    public func overviewNamespaces() -> [(name: String, sockets: Int, hidden: Bool)] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for serverId in state.serverOrder {
            for namespace in state.servers[serverId]?.stats.namespaces ?? [] {
                if counts[namespace.name] == nil { order.append(namespace.name) }
                counts[namespace.name, default: 0] += namespace.socketsCount
            }
        }
        for name in Set(state.sockets.keys.map(\.namespace)).sorted() where counts[name] == nil {
            order.append(name)
            counts[name] = state.sockets.keys.filter { $0.namespace == name }.count
        }
        let adminHidden = state.supports("X_ADMIN_HIDDEN")
        return order.map { name in (name, counts[name] ?? 0, adminHidden && name == adminNamespace) }
    }
}
