import EngineIO

/// What an `EngineHTTPServer` serves: one or more engines, each under its own path, and
/// optional plain pages for every other path.
public struct HTTPRoutes: Sendable {
    /// The engines, tried in order by path prefix.
    public var engines: [EngineServer]
    /// Answers requests outside every engine's path (`nil`: 404).
    public var pages: (@Sendable (EngineRequest) -> EngineHTTPResponse?)?

    /// Routes for `engines` and optional `pages`.
    public init(engines: [EngineServer], pages: (@Sendable (EngineRequest) -> EngineHTTPResponse?)? = nil) {
        self.engines = engines
        self.pages = pages
    }

    /// The engine whose path `path` is under.
    func engine(for path: String) -> EngineServer? {
        engines.first { $0.handles(path: path) }
    }

    /// The page for a request outside the engines' paths.
    func page(for request: EngineRequest) -> EngineHTTPResponse? {
        pages?(request)
    }
}
