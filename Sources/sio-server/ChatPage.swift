import EngineIO
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The demo's chat page at `/` and the official client bundle it loads, served when the bundle
/// is installed locally (`Scripts/setup` puts it in `.interop/`; it is never committed).
struct ChatPage: Sendable {
    private let bundle: ByteBuffer

    /// Loads the bundle from `bundlePath`, or from `.interop/socket.io.min.js` when no path is
    /// given; `nil` when there is none (then `/` is a 404).
    init?(bundlePath: String?) throws {
        let path = bundlePath ?? ".interop/socket.io.min.js"
        guard let contents = Self.read(path) else {
            if bundlePath != nil { throw ChatPageError.unreadable(path) }
            return nil
        }
        bundle = contents
    }

    /// Answers `/` with the page and `/socket.io.min.js` with the bundle.
    @Sendable func respond(_ request: EngineRequest) -> EngineHTTPResponse? {
        guard request.method == "GET" else { return nil }
        switch request.path {
        case "/": return EngineHTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: ByteBuffer(string: Self.html))
        case "/socket.io.min.js": return EngineHTTPResponse(status: 200, contentType: "application/javascript", body: bundle)
        default: return nil
        }
    }

    private static func read(_ path: String) -> ByteBuffer? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var buffer = ByteBuffer()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            buffer.writeBytes(chunk[0..<count])
        }
        return buffer
    }

    private static let html = """
    <!doctype html>
    <html><head><meta charset="utf-8"><title>sio-server chat</title>
    <style>body{font:14px sans-serif;margin:2em}#log{border:1px solid #ccc;height:20em;overflow:auto;padding:.5em}</style>
    </head><body>
    <h1>sio-server chat</h1>
    <p>Room: <input id="room" placeholder="(everyone)"> <button id="join">join</button> <span id="state">connecting…</span></p>
    <div id="log"></div>
    <p><input id="text" size="60" placeholder="message"> <button id="send">send</button></p>
    <script src="/socket.io.min.js"></script>
    <script>
    const socket = io();
    const log = (line) => { const p = document.createElement("div"); p.textContent = line; document.getElementById("log").append(p); };
    socket.on("connect", () => document.getElementById("state").textContent = "connected as " + socket.id + " (" + socket.io.engine.transport.name + ")");
    socket.on("disconnect", (reason) => document.getElementById("state").textContent = "disconnected: " + reason);
    socket.on("chat", (message) => log((message.room ? "[" + message.room + "] " : "") + message.from + ": " + message.text));
    document.getElementById("join").onclick = () => { const room = document.getElementById("room").value; if (room) socket.emit("join", room); };
    document.getElementById("send").onclick = () => {
      const text = document.getElementById("text").value, room = document.getElementById("room").value;
      socket.emit("chat", room ? { room, text } : { text });
      document.getElementById("text").value = "";
    };
    </script></body></html>
    """
}

/// Why the chat page cannot be served.
enum ChatPageError: Error, CustomStringConvertible {
    case unreadable(String)

    var description: String {
        switch self {
        case .unreadable(let path): "cannot read the client bundle at \(path)"
        }
    }
}
