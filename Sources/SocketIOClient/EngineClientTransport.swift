import EngineIO
import NIOCore
import NIOPosix

/// A client-side Engine.IO transport carrying one session: WebSocket or long-polling.
///
/// Loop-confined to the engine client's event loop: every method is called there and every
/// callback runs there.
protocol EngineClientTransport: AnyObject, Sendable {
    /// Which transport this is.
    var kind: EngineTransportKind { get }
    /// Called with the packets received, in order.
    var onPackets: (([EnginePacket]) -> Void)? { get set }
    /// Called once when the transport closes or fails, with the reason.
    var onClose: ((String) -> Void)? { get set }
    /// Sends encoded packets in order.
    func send(_ frames: [EngineFrame])
    /// Closes the transport without reporting through `onClose`.
    func close()
}

/// What every transport request needs: where, from which local address, and with which query
/// and headers.
struct EngineClientEndpoint: Sendable {
    var url: ServerURL
    var path: String
    var query: [String: String]
    var extraHeaders: [(String, String)]
    /// The address every connection is bound to before connecting (`nil`: the system's choice).
    var localAddress: SocketAddress?

    /// The request target for `transport`, with `sid` when the session exists.
    func target(transport: EngineTransportKind, sid: String?) -> String {
        var items = query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        items.append(("EIO", "4"))
        items.append(("transport", transport.rawValue))
        if let sid { items.append(("sid", sid)) }
        if transport == .polling { items.append(("t", Self.cacheBuster())) }
        let queryString = items.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return path + "?" + queryString
    }

    private static func cacheBuster() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")
        return String((0..<7).map { _ in alphabet.randomElement()! })
    }

    private static func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return result
    }
}

extension ClientBootstrap {
    /// A bootstrap for one transport connection on `eventLoop`: no Nagle delay, and bound to
    /// `localAddress` (on a port the system picks) when there is one.
    static func transport(on eventLoop: any EventLoop, from localAddress: SocketAddress?) -> ClientBootstrap {
        let bootstrap = ClientBootstrap(group: eventLoop).channelOption(.socketOption(.tcp_nodelay), value: 1)
        return localAddress.map { bootstrap.bind(to: $0) } ?? bootstrap
    }
}
