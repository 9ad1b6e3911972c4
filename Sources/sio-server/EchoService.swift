import EngineIO

/// The Engine.IO echo: every message a client sends goes back on its session unchanged.
enum EchoService {
    /// Installs the echo on a new session.
    @Sendable static func attach(_ session: EngineSession) {
        session.onMessage = { [unowned session] packet in
            session.send(packet.frame)
        }
    }
}
