/// What the console asks its host to do after a key press.
public enum ConsoleEffect: Sendable, Hashable {
    /// Send a command's steps to the admin namespace, then report `commandFinished(id:)`.
    case send(id: Int, plan: CommandPlan)
    /// Leave the console.
    case quit
}
