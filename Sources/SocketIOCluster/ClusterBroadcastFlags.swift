import NIOCore
import SocketIO
import SocketIOProtocol

/// The `flags` of encoded broadcast options: each one present only when the sender set it.
///
/// `local` never travels (local operations are not published); flags this type does not know
/// are dropped when decoding.
public struct ClusterBroadcastFlags: Sendable, Hashable {
    /// `volatile`: drop the packet for recipients that cannot take it right now.
    public var volatile: Bool?
    /// `compress`.
    public var compress: Bool?
    /// `timeout`: how long the sender waits for acknowledgements (milliseconds on the wire).
    public var timeout: TimeAmount?
    /// `expectSingleResponse`: set by operations on one remote socket.
    public var expectSingleResponse: Bool?

    /// Flags with the given members; `nil` ones are not sent.
    public init(
        volatile: Bool? = nil, compress: Bool? = nil, timeout: TimeAmount? = nil, expectSingleResponse: Bool? = nil
    ) {
        self.volatile = volatile
        self.compress = compress
        self.timeout = timeout
        self.expectSingleResponse = expectSingleResponse
    }

    /// The flags of `flags` that differ from the defaults: `volatile: true`, `compress: false`
    /// and `timeout`.
    public init(_ flags: BroadcastFlags) {
        self.init(
            volatile: flags.volatile ? true : nil,
            compress: flags.compress ? nil : false,
            timeout: flags.timeout
        )
    }

    /// These flags as the adapter operations take them (absent ones at their defaults;
    /// `expectSingleResponse` has no counterpart).
    public var broadcastFlags: BroadcastFlags {
        var flags = BroadcastFlags()
        flags.volatile = volatile ?? false
        flags.compress = compress ?? true
        flags.timeout = timeout
        return flags
    }

    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        self.init(
            volatile: try fields.optional("volatile", \.boolValue),
            compress: try fields.optional("compress", \.boolValue),
            timeout: try fields.optional("timeout", Self.timeAmount(milliseconds:)),
            expectSingleResponse: try fields.optional("expectSingleResponse", \.boolValue)
        )
    }

    /// `{"volatile":…,"compress":…,"timeout":…,"expectSingleResponse":…}`, the members set.
    var value: SocketIOValue {
        var object = SocketIOObject()
        object["volatile"] = volatile.map(SocketIOValue.bool)
        object["compress"] = compress.map(SocketIOValue.bool)
        object["timeout"] = timeout.map { .number(Double($0.nanoseconds) / 1_000_000) }
        object["expectSingleResponse"] = expectSingleResponse.map(SocketIOValue.bool)
        return .object(object)
    }

    /// A finite number of milliseconds that fits a `TimeAmount`.
    private static func timeAmount(milliseconds value: SocketIOValue) -> TimeAmount? {
        guard let milliseconds = value.numberValue,
            let nanoseconds = Int64(exactly: (milliseconds * 1_000_000).rounded())
        else { return nil }
        return .nanoseconds(nanoseconds)
    }
}
