import NIOCore
import SocketIOProtocol

/// The memory of connection state recovery on one node: recent events with their offsets, and
/// the sessions of recently disconnected sockets. Entries older than `maxDisconnectionDuration`
/// are dropped as new ones arrive.
struct RecoveryLog {
    private struct Entry {
        let offset: String
        let rooms: Set<Room>
        let except: Set<Room>
        let packet: SocketIOPacket
        let emittedAt: NIODeadline
    }

    private let maxDisconnectionDuration: TimeAmount
    private var entries = CircularBuffer<Entry>()
    private var sessions: [String: (session: RecoverableSession, disconnectedAt: NIODeadline)] = [:]
    private var lastMillisecond: Int64 = -1
    private var sameMillisecondCount = 0

    init(maxDisconnectionDuration: TimeAmount) {
        self.maxDisconnectionDuration = maxDisconnectionDuration
    }

    /// A new offset: the wall-clock millisecond in a 64-symbol alphabet, with `.<n>` for the
    /// second and later events of the same millisecond (the reference server's format).
    mutating func nextOffset() -> String {
        let now = SocketHandshake.nowMilliseconds()
        if now == lastMillisecond {
            sameMillisecondCount += 1
            return Self.encode(now) + "." + Self.encode(Int64(sameMillisecondCount))
        }
        lastMillisecond = now
        sameMillisecondCount = 0
        return Self.encode(now)
    }

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")

    private static func encode(_ value: Int64) -> String {
        var value = value
        var characters: [Character] = []
        repeat {
            characters.append(alphabet[Int(value % 64)])
            value /= 64
        } while value > 0
        return String(characters.reversed())
    }

    mutating func record(_ packet: SocketIOPacket, offset: String, rooms: Set<Room>, except: Set<Room>) {
        let now = NIODeadline.now()
        pruneEntries(now: now)
        entries.append(Entry(offset: offset, rooms: rooms, except: except, packet: packet, emittedAt: now))
    }

    mutating func persist(_ session: RecoverableSession) {
        let now = NIODeadline.now()
        pruneEntries(now: now)
        pruneSessions(now: now)
        sessions[session.pid] = (session, now)
    }

    /// The session of `pid` and the events it missed after `offset`; `nil` when the session is
    /// unknown or expired, or the offset is no longer in the log. A session restores once.
    mutating func restore(pid: String, offset: String) -> RecoverableSession? {
        let now = NIODeadline.now()
        pruneEntries(now: now)
        pruneSessions(now: now)
        guard let stored = sessions.removeValue(forKey: pid),
              let index = entries.firstIndex(where: { $0.offset == offset }) else { return nil }
        var session = stored.session
        session.missedPackets = entries[entries.index(after: index)...].filter { entry in
            (entry.rooms.isEmpty || !entry.rooms.isDisjoint(with: session.rooms))
                && entry.except.isDisjoint(with: session.rooms)
        }.map(\.packet)
        return session
    }

    private mutating func pruneEntries(now: NIODeadline) {
        let horizon = now - maxDisconnectionDuration
        while let first = entries.first, first.emittedAt < horizon { entries.removeFirst() }
    }

    private mutating func pruneSessions(now: NIODeadline) {
        let horizon = now - maxDisconnectionDuration
        sessions = sessions.filter { $0.value.disconnectedAt >= horizon }
    }
}
