import EngineIO

/// Shared by a connection's WebSocket upgrader and its HTTP handler (both on the connection's
/// loop): why the upgrader refused a request, so the HTTP handler answers it without validating
/// (or calling `allowRequest`) a second time.
final class UpgradeRejection {
    var error: EngineRequestError?
}
