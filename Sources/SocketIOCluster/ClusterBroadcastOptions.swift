import SocketIO
import SocketIOProtocol

/// Broadcast options as cluster messages carry them (`opts`): `{"rooms":[…],"except":[…],"flags":{…}}`.
public struct ClusterBroadcastOptions: Sendable, Hashable {
    /// Target rooms; empty means the whole namespace.
    public var rooms: [Room]
    /// Rooms whose members are excluded.
    public var except: [Room]
    /// Flags.
    public var flags: ClusterBroadcastFlags

    /// Options with the given members.
    public init(rooms: [Room] = [], except: [Room] = [], flags: ClusterBroadcastFlags = ClusterBroadcastFlags()) {
        self.rooms = rooms
        self.except = except
        self.flags = flags
    }

    /// `options` for the wire: the room sets as sorted arrays (a stable order), the flags that
    /// differ from the defaults (`local` is never sent).
    public init(_ options: BroadcastOptions) {
        self.init(
            rooms: options.rooms.sorted(), except: options.except.sorted(), flags: ClusterBroadcastFlags(options.flags)
        )
    }

    /// These options as the adapter operations take them.
    public var broadcastOptions: BroadcastOptions {
        BroadcastOptions(rooms: Set(rooms), except: Set(except), flags: flags.broadcastFlags)
    }

    /// Reads `opts`; absent `rooms`, `except` or `flags` are empty, as Node reads them.
    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            rooms: try fields.optional("rooms", ClusterFields.strings) ?? [],
            except: try fields.optional("except", ClusterFields.strings) ?? [],
            flags: try fields.optionalObject("flags").map(ClusterBroadcastFlags.init) ?? ClusterBroadcastFlags()
        )
    }

    var value: SocketIOValue {
        [
            "rooms": .array(rooms.map(SocketIOValue.string)),
            "except": .array(except.map(SocketIOValue.string)),
            "flags": flags.value,
        ]
    }
}
