/// What the link to the server hands the console.
public enum ConsoleInput: Sendable {
    /// An admin event arrived.
    case event(AdminEvent)
    /// The connection changed state.
    case connection(ConnectionStatus)
    /// A command finished: its id and how each step ended.
    case commandFinished(id: Int, steps: [StepOutcome])
}
