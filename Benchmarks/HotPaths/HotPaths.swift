import AdminConsole
import Benchmark
import BenchmarkSupport
import EngineIO
import Logging
import NIOCore
import NIOPosix
import SocketIO
import SocketIOProtocol

/// Micro-benchmarks of the hot paths: time and allocations per operation.
/// Run with `swift package --disable-sandbox benchmark` (see Scripts/bench).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .throughput],
                                           maxDuration: .seconds(2), maxIterations: 1_000_000)

    let chat = SocketIOPacket.event("chat", [["room": "lobby", "text": "hello everyone", "n": 42]])

    Benchmark("encode a chat event") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(SocketIOPacketEncoder.encode(chat)) }
    }

    let chatText = EnginePacket.message(#"2["chat",{"room":"lobby","text":"hello everyone","n":42}]"#)
    Benchmark("decode a chat event") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = SocketIOPacketDecoder()
            blackHole(try decoder.decode(chatText))
        }
    }

    let header = EnginePacket.message(#"52-["upload",{"_placeholder":true,"num":0},{"file":{"_placeholder":true,"num":1}}]"#)
    let attachment = EnginePacket.message(ByteBuffer(repeating: 7, count: 1024))
    Benchmark("reassemble a binary event with two attachments") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = SocketIOPacketDecoder()
            _ = try decoder.decode(header)
            _ = try decoder.decode(attachment)
            blackHole(try decoder.decode(attachment))
        }
    }

    Benchmark("broadcast to 1,000 in-memory sockets",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 2_000)) { benchmark, room in
        for _ in benchmark.scaledIterations { try room.server.emit("chat", ["text": "hello everyone", "n": 42]) }
    } setup: {
        try await BroadcastRoom(sockets: 1000)
    }

    // The console stays smooth with 10,000 sockets when one frame costs well under its 100 ms.
    Benchmark("console: draw the sockets view of 10,000 sockets",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 200)) { benchmark, console in
        for _ in benchmark.scaledIterations { blackHole(console.render(now: Timestamp(seconds: 1_800_000_000))) }
    } setup: {
        ConsoleWithSockets(count: 10_000).console
    }

    Benchmark("console: take in 10,000 socket_connected events",
              configuration: .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 200)) { benchmark, events in
        for _ in benchmark.scaledIterations {
            var console = Console(serverURL: "http://127.0.0.1:3000")
            for event in events { console.apply(.event(event), now: Timestamp(seconds: 1_800_000_000)) }
            blackHole(console)
        }
    } setup: {
        ConsoleWithSockets(count: 10_000).events
    }
}

/// A console that has heard of `count` sockets in a few rooms, on its sockets view.
struct ConsoleWithSockets {
    let events: [AdminEvent]
    let console: Console

    init(count: Int) {
        events = (0..<count).map { index in
            let id = "socket-\(index)-abcdefghijk"
            let socket = AdminSocket(id: id, clientId: "client-\(index)", transport: index % 4 == 0 ? "polling" : "websocket",
                                     namespace: "/", address: "127.0.0.\(index % 250 + 1)",
                                     connectedAt: Timestamp(seconds: 1_800_000_000 - Double(index)),
                                     rooms: [id, "room-\(index % 20)"])
            return AdminEvent.socketConnected(socket, at: nil)
        }
        var console = Console(serverURL: "http://127.0.0.1:3000")
        console.resize(width: 160, height: 50)
        for event in events { console.apply(.event(event), now: Timestamp(seconds: 1_800_000_000)) }
        _ = console.handle(.character("2"), now: Timestamp(seconds: 1_800_000_000))
        self.console = console
    }
}

/// 1,000 sockets connected in-process on two event loops.
struct BroadcastRoom {
    let server: SocketIOServer
    let clients: [InProcessClient]

    init(sockets: Int) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        server = SocketIOServer(logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        var clients: [InProcessClient] = []
        for _ in 0..<sockets { clients.append(try await InProcessClient(server: server, loop: group.next())) }
        self.clients = clients
    }
}
