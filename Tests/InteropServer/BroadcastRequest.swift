import NIOCore
import SocketIO
import SocketIOProtocol

/// The object clients send to describe a broadcast-like operation:
/// `{rooms?, except?, local?, timeout?, event?, args?, close?}`.
struct BroadcastRequest {
    var rooms: [Room] = []
    var except: [Room] = []
    var local = false
    var event = ""
    var arguments: [SocketIOValue] = []
    var close = false
    var timeout: TimeAmount?

    init(_ value: SocketIOValue?) {
        guard case .object(let object)? = value else { return }
        rooms = object.strings("rooms")
        except = object.strings("except")
        if case .bool(let local)? = object["local"] { self.local = local }
        if case .string(let event)? = object["event"] { self.event = event }
        if case .array(let arguments)? = object["args"] { self.arguments = arguments }
        if case .bool(let close)? = object["close"] { self.close = close }
        if case .number(let timeout)? = object["timeout"] { self.timeout = .milliseconds(Int64(timeout)) }
    }

    func apply(to target: BroadcastOperator) -> BroadcastOperator {
        var target = target.to(rooms).except(except)
        if local { target = target.local }
        if let timeout { target = target.timeout(timeout) }
        return target
    }
}

extension SocketIOObject {
    /// The strings of the array at `key` (none when it is missing or not an array).
    func strings(_ key: String) -> [String] {
        guard case .array(let values)? = self[key] else { return [] }
        return values.compactMap(\.stringValue)
    }
}

extension Array where Element == SocketIOValue {
    /// Responses in a stable order for assertions: by their JSON text.
    var sortedForDisplay: [SocketIOValue] {
        sorted { $0.jsonString < $1.jsonString }
    }
}
