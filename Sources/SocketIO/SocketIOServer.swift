import EngineIO
import Logging
import NIOCore
import SocketIOProtocol
import Synchronization

/// A Socket.IO v5 server: namespaces, rooms, acknowledgements, binary, middleware and
/// broadcasting over an Engine.IO server.
///
/// Host its `engine` with `EngineHTTPServer` (module `SocketIONIO`). Methods that Node offers on
/// `io` act on the main namespace `/`.
public final class SocketIOServer: Sendable {
    /// The options in force.
    public let options: SocketIOServerOptions
    /// The Engine.IO server carrying the connections.
    public let engine: EngineServer
    let logger: Logger

    private struct State {
        var namespaces: [String: Namespace] = [:]
        var creationOrder: [String] = []
        var parents: [ParentNamespace] = []
        var newNamespaceHandlers: [@Sendable (Namespace) -> Void] = []
    }

    private let state = Mutex(State())
    let observers = ObserverList<any SocketIOObserver>()

    /// Creates a server with its main namespace `/`.
    public init(options: SocketIOServerOptions = SocketIOServerOptions(), logger: Logger = Logger(label: "SocketIO")) {
        self.options = options
        self.logger = logger
        let owner = ServerReference()
        engine = EngineServer(options: options.engine, logger: logger) { session in
            guard let server = owner.server else { return }
            SocketIOConnection(session: session, server: server).start()
        }
        owner.server = self
        let main = Namespace(name: "/", server: self)
        state.withLock {
            $0.namespaces["/"] = main
            $0.creationOrder = ["/"]
        }
    }

    /// The main namespace `/` (`io.sockets` in Node).
    public var sockets: Namespace { of("/") }

    /// The namespace `name` (a leading `/` is added when missing), created on first use. A name
    /// that a dynamic parent's `test` accepts becomes that parent's child.
    public func of(_ name: String) -> Namespace {
        let name = name.hasPrefix("/") ? name : "/" + name
        let (namespace, created) = state.withLock { state -> (Namespace, Bool) in
            if let existing = state.namespaces[name] { return (existing, false) }
            let parent = state.parents.first { $0.test?(name) == true }
            let namespace = parent?.makeChild(name, server: self) ?? Namespace(name: name, server: self)
            state.namespaces[name] = namespace
            state.creationOrder.append(name)
            return (namespace, true)
        }
        if created { announce(namespace) }
        return namespace
    }

    /// Tells the `new_namespace` handlers and the observers about a namespace just created.
    private func announce(_ namespace: Namespace) {
        for handler in state.withLock({ $0.newNamespaceHandlers }) { handler(namespace) }
        observers.notify { $0.namespaceCreated(namespace) }
    }

    /// Registers a dynamic namespace: a client connecting to a name that `matcher` accepts
    /// creates that child namespace. Parents are tried in registration order.
    public func of(matching matcher: @escaping ParentNamespace.Matcher) -> ParentNamespace {
        addParent(test: nil, matcher: matcher)
    }

    /// Registers a dynamic namespace for every name that `test` accepts (also when the app calls
    /// `of(name)` itself, as with a regular expression in Node).
    public func of(matchingName test: @escaping @Sendable (String) -> Bool) -> ParentNamespace {
        addParent(test: test) { name, _ in test(name) }
    }

    private func addParent(test: (@Sendable (String) -> Bool)?, matcher: @escaping ParentNamespace.Matcher) -> ParentNamespace {
        state.withLock { state in
            let parent = ParentNamespace(name: "/_\(state.parents.count)", test: test, matcher: matcher)
            state.parents.append(parent)
            return parent
        }
    }

    /// Adds an observer of every namespace and socket from now on (see `SocketIOObserver`).
    public func addObserver(_ observer: any SocketIOObserver) {
        observers.add(observer)
    }

    /// Calls `handler` with every namespace created after the main one (explicitly or dynamically).
    public func onNewNamespace(_ handler: @escaping @Sendable (Namespace) -> Void) {
        state.withLock { $0.newNamespaceHandlers.append(handler) }
    }

    /// Every namespace, by name.
    public var namespaces: [String: Namespace] { state.withLock { $0.namespaces } }

    /// Every namespace in the order they were created (`/` first).
    public var namespacesInCreationOrder: [Namespace] {
        state.withLock { state in state.creationOrder.compactMap { state.namespaces[$0] } }
    }

    /// Finds the namespace a CONNECT names: an existing one, or a child of the first dynamic
    /// parent whose matcher accepts it. `completion` runs on `eventLoop`, with `nil` when none does.
    func resolveNamespace(_ name: String, auth: SocketIOObject, on eventLoop: any EventLoop,
                          completion: @escaping @Sendable (Namespace?) -> Void) {
        let (existing, parents) = state.withLock { ($0.namespaces[name], $0.parents) }
        if let existing {
            completion(existing)
            return
        }
        guard !parents.isEmpty else {
            completion(nil)
            return
        }
        Task {
            var child: Namespace?
            for parent in parents where await parent.matcher(name, auth) {
                child = makeChild(name, of: parent)
                break
            }
            eventLoop.execute { [child] in completion(child) }
        }
    }

    private func makeChild(_ name: String, of parent: ParentNamespace) -> Namespace {
        let (namespace, created) = state.withLock { state -> (Namespace, Bool) in
            if let existing = state.namespaces[name] { return (existing, false) }
            let child = parent.makeChild(name, server: self)
            state.namespaces[name] = child
            state.creationOrder.append(name)
            return (child, true)
        }
        if created { announce(namespace) }
        return namespace
    }

    func removeChildNamespace(_ namespace: Namespace) {
        let removed = state.withLock { state -> Bool in
            guard state.namespaces[namespace.name] === namespace, namespace.sockets.isEmpty else { return false }
            state.namespaces[namespace.name] = nil
            state.creationOrder.removeAll { $0 == namespace.name }
            return true
        }
        guard removed else { return }
        namespace.parent?.removeChild(namespace)
        let adapter = namespace.adapter
        Task { await adapter.close() }
    }

    /// Closes every connection (sockets disconnect with `server shutting down`, no DISCONNECT
    /// packet is sent) and every adapter. The HTTP host is stopped separately.
    public func close() async {
        engine.closeAllSessions()
        for namespace in namespaces.values { await namespace.adapter.close() }
    }

    // MARK: the main namespace

    /// Adds a middleware to the main namespace only (as `io.use` in Node).
    public func use(_ middleware: @escaping Namespace.Middleware) { sockets.use(middleware) }

    /// Calls `handler` with every socket connecting to the main namespace.
    public func onConnection(_ handler: @escaping @Sendable (Socket) -> Void) { sockets.onConnection(handler) }

    /// The sockets of `/` in `rooms`.
    public func to(_ rooms: Room...) -> BroadcastOperator { sockets.broadcastOperator.to(rooms) }

    /// The sockets of `/` in `rooms` (alias of `to`).
    public func `in`(_ rooms: Room...) -> BroadcastOperator { sockets.broadcastOperator.to(rooms) }

    /// Every socket of `/` except those in `rooms`.
    public func except(_ rooms: Room...) -> BroadcastOperator { sockets.broadcastOperator.except(rooms) }

    /// Does not forward to other cluster nodes.
    public var local: BroadcastOperator { sockets.local }

    /// Drops the packet for recipients that cannot take it right now.
    public var volatile: BroadcastOperator { sockets.volatile }

    /// Sets the acknowledgement timeout of a broadcast on `/`.
    public func timeout(_ timeout: TimeAmount) -> BroadcastOperator { sockets.timeout(timeout) }

    /// Sends `event` to every socket of `/`.
    public func emit(_ event: String, _ arguments: SocketIOValue...) throws(SocketIOError) {
        try sockets.broadcastOperator.emit(event, arguments: arguments)
    }

    /// The sockets of `/`, on every server of a cluster.
    public func fetchSockets() async throws(SocketIOError) -> [any SocketLike] { try await sockets.fetchSockets() }

    /// Makes every socket of `/` join `rooms`.
    public func socketsJoin(_ rooms: Room...) { sockets.broadcastOperator.socketsJoin(rooms) }

    /// Makes every socket of `/` leave `rooms`.
    public func socketsLeave(_ rooms: Room...) { sockets.broadcastOperator.socketsLeave(rooms) }

    /// Disconnects every socket of `/` (and their connections when `close`).
    public func disconnectSockets(close: Bool = false) { sockets.disconnectSockets(close: close) }

    /// Sends an event to the other servers of a cluster (a logged no-op on a single server).
    public func serverSideEmit(_ event: String, _ arguments: SocketIOValue...) {
        sockets.adapter.serverSideEmit([.string(event)] + arguments)
    }

    /// Sends an event to the other servers of a cluster and returns each one's answer (see
    /// `Namespace.serverSideEmitWithAck`).
    public func serverSideEmitWithAck(_ event: String, _ arguments: SocketIOValue..., timeout: TimeAmount = .seconds(5))
        async throws(SocketIOError) -> [SocketIOValue] {
        try await sockets.adapter.serverSideEmitWithAck([.string(event)] + arguments, timeout: timeout)
    }

    /// Calls `handler` with every `event` another server sends to `/` with `serverSideEmit`.
    @discardableResult
    public func onServerSideEmit(_ event: String, _ handler: @escaping @Sendable (SocketEvent) -> Void) -> ListenerToken {
        sockets.onServerSideEmit(event, handler)
    }
}

/// Lets the engine's connection handler reach the server that owns the engine without a cycle.
private final class ServerReference: @unchecked Sendable {
    weak var server: SocketIOServer?  // set once in the server's init, before any connection
}
