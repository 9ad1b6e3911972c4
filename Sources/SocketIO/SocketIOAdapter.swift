import NIOCore
import SocketIOProtocol

/// A room name. Every socket is in the room named after its own id.
public typealias Room = String

/// A socket id (public, unlike the Engine.IO session id).
public typealias SocketID = String

/// Per-operation flags of a broadcast.
public struct BroadcastFlags: Sendable, Hashable {
    /// Drop the packet for each recipient that cannot take it right now.
    public var volatile = false
    /// Whether the packet may be compressed (kept for API parity; this server does not compress).
    public var compress = true
    /// Do not forward to other nodes of a cluster.
    public var local = false
    /// How long to wait for acknowledgements.
    public var timeout: TimeAmount?

    /// No flags.
    public init() {}
}

/// Which sockets an operation reaches: those in any of `rooms` (every socket when empty), minus
/// those in any of `except`.
public struct BroadcastOptions: Sendable, Hashable {
    /// Target rooms; empty means the whole namespace.
    public var rooms: Set<Room> = []
    /// Rooms whose members are excluded.
    public var except: Set<Room> = []
    /// Flags.
    public var flags = BroadcastFlags()

    /// Every socket, no flags.
    public init(rooms: Set<Room> = [], except: Set<Room> = [], flags: BroadcastFlags = BroadcastFlags()) {
        self.rooms = rooms
        self.except = except
        self.flags = flags
    }
}

/// A change of room membership, as the reference adapter reports it.
public enum RoomEvent: Sendable, Hashable {
    /// A room got its first member.
    case createRoom(Room)
    /// A room lost its last member.
    case deleteRoom(Room)
    /// A socket joined a room.
    case joinRoom(Room, SocketID)
    /// A socket left a room.
    case leaveRoom(Room, SocketID)
}

/// What connection state recovery keeps of a disconnected socket, and gives back on reconnect.
public struct RecoverableSession: Sendable, Hashable {
    /// The socket id, reused by the recovered socket.
    public var sid: SocketID
    /// The private id the client presents to recover.
    public var pid: String
    /// The rooms the socket was in (its own id included).
    public var rooms: Set<Room>
    /// `socket.data` at disconnection.
    public var data: SocketIOValue
    /// The events emitted to the socket while it was away, in order (filled on restore).
    public var missedPackets: [SocketIOPacket] = []
}

/// Room membership and every broadcast-like operation of one namespace: the seam where a
/// cluster adapter forwards operations to other nodes. One instance per namespace.
///
/// Operations that only change local state or send return at once; those a cluster answers
/// over the network are `async`.
public protocol SocketIOAdapter: AnyObject, Sendable {
    /// Called once after the namespace is created.
    func initialize() async
    /// Called when the server (or an empty child namespace) closes.
    func close() async
    /// How many servers share this namespace (1 without a cluster).
    func serverCount() async -> Int

    /// Adds socket `id` to `rooms`.
    func addAll(_ id: SocketID, rooms: Set<Room>)
    /// Removes socket `id` from `room`.
    func del(_ id: SocketID, room: Room)
    /// Removes socket `id` from every room and forgets it.
    func delAll(_ id: SocketID)
    /// The rooms of socket `id`, or `nil` when unknown.
    func socketRooms(_ id: SocketID) -> Set<Room>?
    /// The rooms of socket `id` in the order it joined them (its own id first).
    func socketRoomsInJoinOrder(_ id: SocketID) -> [Room]?
    /// Every room with its members (local sockets only).
    func roomMembers() -> [Room: Set<SocketID>]
    /// Calls `observer` with every membership change, from whichever thread made it.
    func observeRooms(_ observer: @escaping @Sendable (RoomEvent) -> Void)

    /// Encodes `packet` once and writes it to every matching socket.
    func broadcast(_ packet: SocketIOPacket, options: BroadcastOptions)
    /// Like `broadcast`, with an acknowledgement id already set in `packet`: registers `ack` on
    /// every recipient, then reports how many sockets it wrote to through `clientCount`.
    func broadcastWithAck(_ packet: SocketIOPacket, options: BroadcastOptions,
                          clientCount: @escaping @Sendable (Int) -> Void,
                          ack: @escaping @Sendable (SocketIOValue) -> Void)
    /// Ids of the connected sockets in `rooms` (every socket when empty).
    func sockets(in rooms: Set<Room>) async -> Set<SocketID>
    /// The matching sockets: in a cluster, those of the other nodes too, unless `options.flags`
    /// is `local`. Throws `SocketIOError.requestTimeout` when some node did not answer in time.
    func fetchSockets(_ options: BroadcastOptions) async throws(SocketIOError) -> [any SocketLike]
    /// Makes the matching sockets join `rooms`.
    func addSockets(_ options: BroadcastOptions, rooms: Set<Room>)
    /// Makes the matching sockets leave `rooms`.
    func delSockets(_ options: BroadcastOptions, rooms: Set<Room>)
    /// Disconnects the matching sockets (and their whole connections when `close`).
    func disconnectSockets(_ options: BroadcastOptions, close: Bool)
    /// Sends `[event, args…]` to the other servers of a cluster.
    func serverSideEmit(_ packet: [SocketIOValue])
    /// Sends `[event, args…]` to the other servers of a cluster and returns the first argument of
    /// each one's acknowledgement (none without a cluster). Throws `SocketIOError.ackTimeout`
    /// with the answers that did arrive when some are missing after `timeout`.
    func serverSideEmitWithAck(_ packet: [SocketIOValue], timeout: TimeAmount) async throws(SocketIOError) -> [SocketIOValue]

    /// The cluster link's status, or nil for an adapter without a cluster.
    var status: AdapterStatus? { get }

    /// Keeps a disconnected socket's session for connection state recovery.
    func persistSession(_ session: RecoverableSession)
    /// The session of `pid` with the packets it missed since `offset`, if it can be recovered.
    func restoreSession(pid: String, offset: String) async -> RecoverableSession?
}

extension SocketIOAdapter {
    /// No cluster, no status.
    public var status: AdapterStatus? { nil }
}

/// A socket as an operation over many sockets sees it: local (a `Socket`) or, in a cluster, on
/// another node.
public protocol SocketLike: Sendable {
    /// The socket id.
    var id: SocketID { get }
    /// The handshake of its connection.
    var handshake: SocketHandshake { get }
    /// Its rooms, its own id included.
    var rooms: Set<Room> { get }
    /// Its free-form data.
    var data: SocketIOValue { get }
    /// Emits an event to it.
    func emit(_ event: String, arguments: [SocketIOValue]) throws(SocketIOError)
    /// Makes it join rooms.
    func join(_ rooms: [Room])
    /// Makes it leave a room.
    func leave(_ room: Room)
    /// Disconnects it (and its whole connection when `close`).
    func disconnect(close: Bool)
}
