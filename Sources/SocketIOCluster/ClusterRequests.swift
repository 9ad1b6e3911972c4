/// Requests of one kind waiting for one answer from each other node (FETCH_SOCKETS, or
/// SERVER_SIDE_EMIT with an acknowledgement), by request id.
///
/// Pure: each method returns the completion to call, once the caller has released its lock. A
/// request completes when every node it waits for has answered or left the cluster, or at its
/// timeout with what arrived.
struct ClusterRequests<Answer: Sendable> {
    /// Called once with the answers and the number of nodes that never answered (0: complete).
    typealias Completion = @Sendable (_ answers: [Answer], _ missing: Int) -> Void

    private struct Request {
        /// The nodes that have neither answered nor left.
        var missing: Set<String>
        var answers: [Answer] = []
        let completion: Completion

        var finish: @Sendable () -> Void {
            { [answers, missing, completion] in completion(answers, missing.count) }
        }
    }

    private var requests: [String: Request] = [:]

    /// How many requests are waiting.
    var count: Int { requests.count }

    /// Starts waiting for `nodes`; returns `false`, keeping nothing, when `nodes` is empty (the
    /// caller then completes at once with no answers).
    mutating func start(_ requestID: String, waitingFor nodes: Set<String>, completion: @escaping Completion) -> Bool {
        guard !nodes.isEmpty else { return false }
        requests[requestID] = Request(missing: nodes, completion: completion)
        return true
    }

    /// Records the answer of node `uid`; nodes the request does not wait for are ignored.
    mutating func received(_ answers: [Answer], for requestID: String, from uid: String) -> (@Sendable () -> Void)? {
        guard var request = requests[requestID], request.missing.remove(uid) != nil else { return nil }
        request.answers.append(contentsOf: answers)
        return settle(requestID, request)
    }

    /// Stops waiting for node `uid`, which left the cluster.
    mutating func nodeLeft(_ uid: String) -> [@Sendable () -> Void] {
        var completions: [@Sendable () -> Void] = []
        for (requestID, var request) in requests where request.missing.remove(uid) != nil {
            if let completion = settle(requestID, request) { completions.append(completion) }
        }
        return completions
    }

    /// Ends request `requestID` with what arrived, if it is still waiting.
    mutating func timedOut(_ requestID: String) -> (@Sendable () -> Void)? {
        requests.removeValue(forKey: requestID)?.finish
    }

    /// Completes the request when it waits for nobody any more, else stores its progress.
    private mutating func settle(_ requestID: String, _ request: Request) -> (@Sendable () -> Void)? {
        guard request.missing.isEmpty else {
            requests[requestID] = request
            return nil
        }
        requests[requestID] = nil
        return request.finish
    }
}
