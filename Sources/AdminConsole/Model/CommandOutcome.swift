import SocketIOProtocol

/// How one sent command step ended, as the link reports it.
public enum StepOutcome: Sendable, Hashable {
    /// The server acknowledged with these arguments.
    case acknowledged([SocketIOValue])
    /// Sent without asking for an ack.
    case sent
    /// Not delivered or not answered: not connected, ack timeout.
    case failed(String)
}

/// What a finished command means to the operator: success or refusal, in one line.
public struct CommandOutcome: Sendable, Hashable {
    /// Whether the server accepted it (or, without acks, it was at least sent).
    public var succeeded: Bool
    /// The status line's text.
    public var message: String
    /// Per-socket answers of an emit with ack (`id`, what it answered or why not).
    public var answers: [(id: String, text: String)]

    /// Reads the step results of `command`, planned as `plan`.
    public init(command: ConsoleCommand, plan: CommandPlan, steps: [StepOutcome]) {
        var details: [String] = []
        var answers: [(String, String)] = []
        var refusal: String?
        for step in steps {
            switch step {
            case .failed(let reason):
                refusal = refusal ?? reason
            case .sent:
                break
            case .acknowledged(let arguments):
                guard let reply = arguments.first?.objectValue else { continue }
                if reply["ok"]?.boolValue == false {
                    refusal = refusal ?? "refused: \(reply["error"]?.stringValue ?? "unknown error")"
                    continue
                }
                if let count = reply["count"]?.numberValue {
                    if count == 0 {
                        refusal = refusal ?? "no socket matched"
                        continue
                    }
                    details.append("\(Int(count)) socket\(count == 1 ? "" : "s")")
                }
                if let results = reply["results"]?.arrayValue {
                    let targets = Int(reply["targets"]?.numberValue ?? Double(results.count))
                    if targets == 0 {
                        refusal = refusal ?? "no socket matched"
                        continue
                    }
                    details.append("\(targets) target\(targets == 1 ? "" : "s")")
                    for result in results {
                        guard let object = result.objectValue, let id = object["id"]?.stringValue else { continue }
                        if let error = object["error"]?.stringValue {
                            answers.append((id, "no answer: \(error)"))
                        } else {
                            let arguments = object["args"]?.arrayValue ?? []
                            answers.append((id, arguments.isEmpty ? "acknowledged (no arguments)" : DisplayFormat.arguments(arguments)))
                        }
                    }
                }
            }
        }
        if steps.count < plan.steps.count, refusal == nil { refusal = "not sent" }
        succeeded = refusal == nil
        if let refusal {
            message = "\(command.summary): \(refusal)"
        } else {
            var text = "\(command.summary): ok"
            if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
            if let first = answers.first { text += " — \(first.0): \(first.1)" + (answers.count > 1 ? " (+\(answers.count - 1) more)" : "") }
            if let caveat = plan.caveat { text += " [\(caveat)]" }
            message = text
        }
        self.answers = answers
    }

    public static func == (lhs: CommandOutcome, rhs: CommandOutcome) -> Bool {
        lhs.succeeded == rhs.succeeded && lhs.message == rhs.message
            && lhs.answers.elementsEqual(rhs.answers, by: { $0.id == $1.id && $0.text == $1.text })
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(message)
    }
}
