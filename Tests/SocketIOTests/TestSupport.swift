import Logging
import NIOCore
import SocketIO
import SocketIOProtocol
import Synchronization

/// A server for one test, logging nothing.
func makeServer(_ configure: (inout SocketIOServerOptions) -> Void = { _ in }) -> SocketIOServer {
    var options = SocketIOServerOptions()
    configure(&options)
    return SocketIOServer(options: options, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
}
