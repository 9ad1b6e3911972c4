// sio-baseline: the least byte work that serves the benchmark's protocol over Socket.IO v5 on
// Engine.IO v4 WebSocket, on SwiftNIO, as a floor to compare real servers with. Not a product:
//
// - WebSocket only: `GET /socket.io/?EIO=4&transport=websocket` upgrades; any other request gets
//   `400` (so no polling, no upgrade from polling).
// - Namespace `/` only; text frames only, unfragmented; no binary attachments; no JSON parser: a
//   packet is recognised by its leading bytes and answered by slicing them.
//     `40…`                      -> `40{"sid":"<socket id>"}`
//     `42<id>["echo",ARGS]`      -> `43<id>[ARGS]`
//     `42<id>["join","ROOM"…]`   -> joins ROOM, `43<id>[true]`
//     `42["chat",{…}]`           -> `42["chat",{"from":"<socket id>",…}]` to every member of the
//                                   object's "room" (everyone when it has none): one frame built
//                                   once, the same bytes written to each member
// - The server pings every 25 s (`2`) as Engine.IO v4 asks; pongs are not checked.
//
// One room registry per event loop, touched only on its loop: a broadcast visits each loop once.
//
//   sio-baseline [--host 127.0.0.1] [--port 3000]
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

// MARK: - Membership

/// The sockets connected on one event loop, in every room they joined. Touched on that loop only.
final class LoopMembers: @unchecked Sendable {
    let eventLoop: any EventLoop
    var everyone: [ObjectIdentifier: any Channel] = [:]
    var rooms: [String: [ObjectIdentifier: any Channel]] = [:]

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func send(_ frame: WebSocketFrame, to room: String?) {
        let members = room.map { rooms[$0] ?? [:] } ?? everyone
        for channel in members.values { channel.writeAndFlush(frame, promise: nil) }
    }
}

/// Every event loop's members.
final class Registry: Sendable {
    private let byLoop: [ObjectIdentifier: LoopMembers]

    init(group: MultiThreadedEventLoopGroup) {
        var byLoop: [ObjectIdentifier: LoopMembers] = [:]
        for loop in group.makeIterator() { byLoop[ObjectIdentifier(loop)] = LoopMembers(eventLoop: loop) }
        self.byLoop = byLoop
    }

    func members(on loop: any EventLoop) -> LoopMembers { byLoop[ObjectIdentifier(loop)]! }

    /// Writes `frame` to every member of `room` (everyone when nil), visiting each loop once.
    func broadcast(_ frame: WebSocketFrame, to room: String?) {
        for members in byLoop.values {
            if members.eventLoop.inEventLoop {
                members.send(frame, to: room)
            } else {
                members.eventLoop.execute { members.send(frame, to: room) }
            }
        }
    }
}

// MARK: - Bytes

enum Byte {
    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), open = UInt8(ascii: "[")
    static let close = UInt8(ascii: "]"), brace = UInt8(ascii: "{"), endBrace = UInt8(ascii: "}")
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
}

/// 20 random URL-safe characters, as long as the reference server's ids.
func randomID() -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var generator = SystemRandomNumberGenerator()
    return String(decoding: (0..<20).map { _ in alphabet[Int(generator.next() % 64)] }, as: UTF8.self)
}

extension ByteBufferView {
    func starts(with prefix: StaticString, at index: Index) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard endIndex - index >= count else { return false }
        return prefix.withUTF8Buffer { prefix in
            var position = index
            for byte in prefix {
                guard self[position] == byte else { return false }
                position += 1
            }
            return true
        }
    }

    /// The index of the first `byte` at or after `index`.
    func firstIndex(of byte: UInt8, from index: Index) -> Index? {
        var position = index
        while position < endIndex {
            if self[position] == byte { return position }
            position += 1
        }
        return nil
    }

    /// The index of the first occurrence of `needle` at or after `index`.
    func firstIndex(of needle: StaticString, from index: Index) -> Index? {
        var position = index
        while position < endIndex {
            if starts(with: needle, at: position) { return position }
            position += 1
        }
        return nil
    }
}

// MARK: - Socket.IO over one WebSocket

final class SocketHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let members: LoopMembers
    private let registry: Registry
    private let sessionID = randomID()
    private let socketID = randomID()
    private var connected = false
    private var joined: [String] = []
    private var ping: RepeatedTask?

    init(members: LoopMembers, registry: Registry) {
        self.members = members
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let open = #"0{"sid":""# + sessionID
            + #"","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}"#
        context.writeAndFlush(wrapOutboundOut(text(open, context)), promise: nil)
        let channel = context.channel
        ping = context.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(25), delay: .seconds(25)) { _ in
            var buffer = channel.allocator.buffer(capacity: 1)
            buffer.writeInteger(UInt8(ascii: "2"))
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: buffer), promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        ping?.cancel()
        leaveAll(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            handle(frame.unmaskedData, context)
        case .ping:
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    private func handle(_ payload: ByteBuffer, _ context: ChannelHandlerContext) {
        let bytes = payload.readableBytesView
        var index = bytes.startIndex
        guard index < bytes.endIndex else { return }
        switch bytes[index] {
        case UInt8(ascii: "4"):
            break
        case UInt8(ascii: "1"):
            context.close(promise: nil)
            return
        default:
            return  // "3" (pong) and anything else
        }
        index += 1
        guard index < bytes.endIndex else { return }
        switch bytes[index] {
        case UInt8(ascii: "0"):
            if !connected {
                connected = true
                members.everyone[ObjectIdentifier(context.channel)] = context.channel
            }
            context.write(wrapOutboundOut(text(#"40{"sid":""# + socketID + #""}"#, context)), promise: nil)
        case UInt8(ascii: "1"):
            leaveAll(context)
        case UInt8(ascii: "2") where connected:
            index += 1
            let ackStart = index
            while index < bytes.endIndex, bytes[index] >= Byte.zero, bytes[index] <= Byte.nine { index += 1 }
            let ack = bytes[ackStart..<index]
            event(bytes, from: index, ack: ack, context)
        default:
            break
        }
    }

    /// An event whose array starts at `index`; `ack` is the acknowledgement id's digits (maybe none).
    private func event(_ bytes: ByteBufferView, from index: Int, ack: ByteBufferView.SubSequence, _ context: ChannelHandlerContext) {
        if bytes.starts(with: #"["echo""#, at: index) {
            guard !ack.isEmpty else { return }
            let rest = index + 7  // after ["echo"
            guard rest < bytes.endIndex else { return }
            var reply = acknowledgement(ack, capacity: bytes.endIndex - rest + 1, context)
            reply.writeInteger(Byte.open)
            if bytes[rest] == Byte.comma {
                reply.writeBytes(bytes[(rest + 1)...])  // ARGS]
            } else {
                reply.writeInteger(Byte.close)
            }
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: reply)), promise: nil)
        } else if bytes.starts(with: #"["join",""#, at: index) {
            let start = index + 9
            guard let end = bytes.firstIndex(of: Byte.quote, from: start) else { return }
            let room = String(decoding: bytes[start..<end], as: UTF8.self)
            if !joined.contains(room) {
                joined.append(room)
                members.rooms[room, default: [:]][ObjectIdentifier(context.channel)] = context.channel
            }
            guard !ack.isEmpty else { return }
            var reply = acknowledgement(ack, capacity: 6, context)
            reply.writeStaticString("[true]")
            context.write(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .text, data: reply)), promise: nil)
        } else if bytes.starts(with: #"["chat",{"#, at: index) {
            let objectStart = index + 8
            guard let objectEnd = bytes.lastIndex(of: Byte.close), objectEnd > objectStart + 1 else { return }
            let object = bytes[objectStart..<objectEnd]  // {…}
            var room: String?
            if let key = bytes.firstIndex(of: #""room":""#, from: objectStart), key < objectEnd,
               let end = bytes.firstIndex(of: Byte.quote, from: key + 8), end < objectEnd {
                room = String(decoding: bytes[(key + 8)..<end], as: UTF8.self)
            }
            var frame = context.channel.allocator.buffer(capacity: object.count + socketID.utf8.count + 22)
            frame.writeStaticString(#"42["chat",{"from":""#)
            frame.writeString(socketID)
            frame.writeInteger(Byte.quote)
            if bytes[objectStart + 1] != Byte.endBrace { frame.writeInteger(Byte.comma) }
            frame.writeBytes(object.dropFirst())  // …}
            frame.writeInteger(Byte.close)
            registry.broadcast(WebSocketFrame(fin: true, opcode: .text, data: frame), to: room)
        }
    }

    private func acknowledgement(_ ack: ByteBufferView.SubSequence, capacity: Int, _ context: ChannelHandlerContext) -> ByteBuffer {
        var buffer = context.channel.allocator.buffer(capacity: 2 + ack.count + capacity)
        buffer.writeStaticString("43")
        buffer.writeBytes(ack)
        return buffer
    }

    private func text(_ string: String, _ context: ChannelHandlerContext) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: context.channel.allocator.buffer(string: string))
    }

    private func leaveAll(_ context: ChannelHandlerContext) {
        let id = ObjectIdentifier(context.channel)
        members.everyone[id] = nil
        for room in joined {
            members.rooms[room]?[id] = nil
            if members.rooms[room]?.isEmpty == true { members.rooms[room] = nil }
        }
        joined = []
        connected = false
    }
}

/// Any plain HTTP request (polling included) gets `400`.
final class RefuseHTTP: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let body = context.channel.allocator.buffer(string: #"{"code":3,"message":"Bad request"}"#)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { [channel = context.channel] _ in
            channel.close(promise: nil)
        }
    }
}

// MARK: - Server

var host = "127.0.0.1"
var port = 3000
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--host": host = arguments.next() ?? host
    case "--port": port = arguments.next().flatMap { Int($0) } ?? port
    default:
        print("usage: sio-baseline [--host 127.0.0.1] [--port 3000]")
        exit(2)
    }
}

let group = MultiThreadedEventLoopGroup.singleton
let registry = Registry(group: group)
let server = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 1024)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelOption(.maxMessagesPerRead, value: 16)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            let upgrader = NIOWebSocketServerUpgrader(
                maxFrameSize: 1_000_000,
                automaticErrorHandling: true,
                shouldUpgrade: { channel, head in
                    let query = head.uri.split(separator: "?", maxSplits: 1).dropFirst().first ?? ""
                    let fields = query.split(separator: "&")
                    let accepted = head.uri.hasPrefix("/socket.io/") && fields.contains("EIO=4") && fields.contains("transport=websocket")
                    return channel.eventLoop.makeSucceededFuture(accepted ? HTTPHeaders() : nil)
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            SocketHandler(members: registry.members(on: channel.eventLoop), registry: registry))
                    }
                })
            let refuse = RefuseHTTP()
            let loopBoundRefuse = NIOLoopBound(refuse, eventLoop: channel.eventLoop)
            let sync = channel.pipeline.syncOperations
            try sync.configureHTTPServerPipeline(withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                context.pipeline.syncOperations.removeHandler(loopBoundRefuse.value, promise: nil)
            }))
            try sync.addHandler(refuse)
        }
    }
    .bind(host: host, port: port)
    .get()
print("sio-baseline listening on \(server.localAddress?.description ?? "?")")
try await server.closeFuture.get()
