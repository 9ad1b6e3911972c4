import EngineIO
import NIOCore
import Synchronization

/// One polling request waiting for its answer; the session may answer it from its own loop.
final class PollingResponse: EnginePollingResponder {
    private let handler: NIOLoopBound<HTTPConnectionHandler>
    private let answered = Atomic<Bool>(false)

    init(handler: HTTPConnectionHandler, eventLoop: any EventLoop) {
        self.handler = NIOLoopBound(handler, eventLoop: eventLoop)
    }

    /// Whether `respond` was called.
    var isAnswered: Bool { answered.load(ordering: .acquiring) }

    func respond(_ response: EngineHTTPResponse) {
        guard !answered.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let handler = self.handler
        if handler.eventLoop.inEventLoop {
            handler.value.write(response, for: self)
        } else {
            handler.eventLoop.execute { handler.value.write(response, for: self) }
        }
    }
}
