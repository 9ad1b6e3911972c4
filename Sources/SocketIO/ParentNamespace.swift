import SocketIOProtocol
import Synchronization

/// A dynamic namespace: a test on namespace names that creates a child namespace for each name
/// it accepts. Children get the parent's middlewares and connection handlers as they are when
/// the child is created.
public final class ParentNamespace: Sendable {
    /// Decides whether a client may create the namespace `name` with its CONNECT payload `auth`.
    public typealias Matcher = @Sendable (_ name: String, _ auth: SocketIOObject) async -> Bool

    /// The internal name (`/_0`, `/_1`, …).
    public let name: String
    let matcher: Matcher
    /// A synchronous test on names, for parents registered with one: `of(name)` consults it.
    let test: (@Sendable (String) -> Bool)?

    private struct State {
        var middlewares: [Namespace.Middleware] = []
        var connectionHandlers: [@Sendable (Socket) -> Void] = []
        var children: [Namespace] = []
    }

    private let state = Mutex(State())

    init(name: String, test: (@Sendable (String) -> Bool)?, matcher: @escaping Matcher) {
        self.name = name
        self.test = test
        self.matcher = matcher
    }

    /// Adds a middleware that children created from now on will run.
    public func use(_ middleware: @escaping Namespace.Middleware) {
        state.withLock { $0.middlewares.append(middleware) }
    }

    /// Adds a connection handler that children created from now on will run.
    public func onConnection(_ handler: @escaping @Sendable (Socket) -> Void) {
        state.withLock { $0.connectionHandlers.append(handler) }
    }

    /// The child namespaces alive.
    public var children: [Namespace] { state.withLock { $0.children } }

    /// Sends `event` to every socket of every child.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOError) {
        for child in children { try child.broadcastOperator.emit(event, arguments: arguments) }
    }

    /// Creates the child `name` for `server`.
    func makeChild(_ name: String, server: SocketIOServer) -> Namespace {
        let (middlewares, handlers) = state.withLock { ($0.middlewares, $0.connectionHandlers) }
        let child = Namespace(name: name, server: server, parent: self, middlewares: middlewares, connectionHandlers: handlers)
        state.withLock { $0.children.append(child) }
        return child
    }

    func removeChild(_ child: Namespace) {
        state.withLock { $0.children.removeAll { $0 === child } }
    }
}
