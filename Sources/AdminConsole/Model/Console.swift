/// The console: what it knows of the server (`ConsoleState`) and what the operator is looking at
/// (tab, selection, filters, prompts). Pure: keys and link inputs go in, effects and frames come out.
///
/// The host feeds it `apply(_:now:)` with what the link delivers and `handle(_:now:)` with keys,
/// performs the returned effects, and draws `render(now:)` at a steady frame rate.
public struct Console: Sendable {
    /// What is known of the server or cluster.
    public private(set) var state = ConsoleState()
    /// The server being watched (`http://127.0.0.1:3000`).
    public let serverURL: String
    /// Its admin namespace (`/admin`).
    public let adminNamespace: String
    /// The tab shown (under the detail view, when one is open).
    public private(set) var tab = ConsoleTab.overview
    /// The socket whose detail view is open, if any.
    public private(set) var detail: SocketKey?
    /// The first line shown of the detail view.
    var detailScroll = 0
    /// The selection of each tab.
    var selections: [ConsoleTab: ListSelection] = [:]
    /// The filter of each tab.
    public private(set) var filters: [ConsoleTab: FilterQuery] = [:]
    /// The sockets table's sort column.
    public private(set) var sort = SocketSort.connected
    /// Whether the sort is reversed.
    public private(set) var sortReversed = false
    /// While the event tail is paused: the newest sequence number shown.
    public private(set) var eventsPausedAt: Int?
    /// Whether the rooms view lists private rooms (a socket's own id) too.
    public private(set) var showsPrivateRooms = false
    /// The form being filled in, if any.
    public private(set) var prompt: PromptForm?
    /// A command waiting for `y`, with its question.
    public private(set) var confirmation: Confirmation?
    /// Whether the help overlay is shown.
    public private(set) var showsHelp = false
    /// The status line's message.
    public private(set) var message: ConsoleMessage?
    /// Commands sent and not finished, by id.
    public private(set) var pending: [Int: ConsoleCommand] = [:]
    private var plans: [Int: CommandPlan] = [:]
    private var nextCommandId = 1
    /// The latest finished command's outcome.
    public private(set) var lastOutcome: CommandOutcome?
    /// Terminal size the next frame is drawn for.
    public private(set) var width = 80
    /// Terminal rows.
    public private(set) var height = 24
    /// Whether the terminal shows Unicode (bars, arrows); ASCII otherwise.
    public var unicode = true
    /// The operator's time zone offset, seconds east of UTC (for clock times).
    public var utcOffset = 0

    /// A command that needs a `y` before it is sent.
    public struct Confirmation: Sendable, Hashable {
        /// The question shown.
        public var question: String
        /// The command sent on `y`.
        public var command: ConsoleCommand
    }

    /// A console watching the admin namespace `adminNamespace` of `serverURL`, knowing nothing yet.
    public init(serverURL: String, adminNamespace: String = "/admin") {
        var url = serverURL
        while url.hasSuffix("/") { url.removeLast() }
        self.serverURL = url
        self.adminNamespace = adminNamespace
    }

    /// Sets the terminal size frames are drawn for.
    public mutating func resize(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
    }

    // MARK: Input from the link

    /// Updates the console with what the link delivered.
    public mutating func apply(_ input: ConsoleInput, now: Timestamp) {
        switch input {
        case .event(let event):
            state.apply(event, now: now)
        case .connection(var status):
            // Nothing is reset on a reconnection: the server's `config` and `all_sockets`, which
            // may arrive before this status (they come through another path), replace what they describe.
            // Retries keep the reason the connection was lost for, and the attempt count only grows.
            if case .reconnecting(let reason, let attempt) = status, case .reconnecting(let oldReason, let oldAttempt) = state.connection {
                status = .reconnecting(reason: reason.isEmpty ? oldReason : reason, attempt: max(attempt, oldAttempt))
            }
            state.connection = status
        case .commandFinished(let id, let steps):
            guard let command = pending.removeValue(forKey: id), let plan = plans.removeValue(forKey: id) else { return }
            let outcome = CommandOutcome(command: command, plan: plan, steps: steps)
            lastOutcome = outcome
            message = ConsoleMessage(text: outcome.message, style: outcome.succeeded ? .good : .bad, at: now)
        }
    }

    // MARK: Keys

    /// Handles one key press; returns what the host must do.
    public mutating func handle(_ key: KeyPress, now: Timestamp) -> [ConsoleEffect] {
        if key == .resize { return [] }
        if showsHelp {
            showsHelp = false
            return []
        }
        if let confirmation {
            self.confirmation = nil
            if key == .character("y") || key == .character("Y") { return send(confirmation.command, now: now) }
            say("cancelled", .warning, now: now)
            return []
        }
        if prompt != nil { return handlePromptKey(key, now: now) }
        return handleViewKey(key, now: now)
    }

    private mutating func handleViewKey(_ key: KeyPress, now: Timestamp) -> [ConsoleEffect] {
        switch key {
        case .character("q"), .character("Q"):
            return [.quit]
        case .character("?"):
            showsHelp = true
        case .tab, .right, .character("l"):
            show(tab.next)
        case .backTab, .left, .character("h"):
            if detail != nil { detail = nil } else { show(tab.previous) }
        case .character(let digit) where ("1"..."5").contains(digit):
            show(ConsoleTab(rawValue: Int(String(digit))! - 1) ?? tab)
        case .up, .character("k"):
            moveSelection(by: -1)
        case .down, .character("j"):
            moveSelection(by: 1)
        case .pageUp:
            moveSelection(by: -max(1, visibleRows - 1))
        case .pageDown:
            moveSelection(by: max(1, visibleRows - 1))
        case .home, .character("g"):
            moveSelection(by: -Int.max / 2)
        case .end, .character("G"):
            moveSelection(by: Int.max / 2)
        case .enter:
            open(now: now)
        case .escape:
            if detail != nil {
                detail = nil
            } else if filters[tab] != nil {
                filters[tab] = nil
            }
        case .character("/"):
            if detail == nil, tab != .overview {
                var field = PromptForm.Field(label: "filter", text: filters[tab]?.text ?? "", kind: .text)
                field.isDefault = false  // editing the filter appends to it
                prompt = PromptForm(purpose: .filter, title: "Filter \(tab.title.lowercased())", fields: [field])
            }
        case .character("s") where tab == .sockets && detail == nil:
            sort = sort.next
            say("sorted by \(sort.title)", .plain, now: now)
        case .character("r") where tab == .sockets && detail == nil:
            sortReversed.toggle()
            say("sort \(sortReversed ? "reversed" : "restored")", .plain, now: now)
        case .character("p"), .character(" "):
            if tab == .events, detail == nil {
                eventsPausedAt = eventsPausedAt == nil ? (state.events.last?.sequence ?? 0) : nil
                say(eventsPausedAt == nil ? "events resumed" : "events paused", .plain, now: now)
            }
        case .character("a") where tab == .rooms && detail == nil:
            showsPrivateRooms.toggle()
        case .character("e"), .character("E"):
            guard let target = actionTarget(now: now) else { break }
            prompt = PromptForm(purpose: .emit(target), title: "Emit to \(target.label)", fields: [
                .init(label: "event", text: "", kind: .eventName),
                .init(label: "arguments (JSON, comma-separated)", text: "", kind: .jsonArguments),
                .init(label: "wait for ack? (y/n)", text: state.supports("X_EMIT") ? "y" : "n", kind: .yesNo),
            ])
        case .character("K"):
            guard let target = actionTarget(now: now) else { break }
            prompt = PromptForm(purpose: .kick(target), title: "Kick \(target.label)", fields: [
                .init(label: "reason", text: "kicked by an operator", kind: .text),
                .init(label: "close the whole connection? (y/n)", text: "n", kind: .yesNo),
            ])
        case .character("J"):
            guard let target = actionTarget(now: now) else { break }
            prompt = PromptForm(purpose: .join(target), title: "Join a room: \(target.label)",
                                fields: [.init(label: "room", text: "", kind: .room)])
        case .character("L"):
            guard let target = actionTarget(now: now) else { break }
            prompt = PromptForm(purpose: .leave(target), title: "Leave a room: \(target.label)",
                                fields: [.init(label: "room", text: defaultRoom(for: target), kind: .room)])
        case .character("m"), .character("M"):
            guard let target = actionTarget(now: now) else { break }
            prompt = PromptForm(purpose: .move(target), title: "Move \(target.label)", fields: [
                .init(label: "from room", text: defaultRoom(for: target), kind: .room),
                .init(label: "to room", text: "", kind: .room),
            ])
        default:
            break
        }
        return []
    }

    private mutating func handlePromptKey(_ key: KeyPress, now: Timestamp) -> [ConsoleEffect] {
        guard var form = prompt else { return [] }
        switch key {
        case .escape:
            prompt = nil
            if form.purpose == .filter { filters[tab] = nil } else { say("cancelled", .warning, now: now) }
            return []
        case .backspace, .delete:
            form.deleteBackward()
        case .character(let character):
            form.type(character)
        case .enter, .tab:
            if form.advance() {
                prompt = nil
                return submit(form, now: now)
            }
        default:
            break
        }
        prompt = form
        if form.purpose == .filter { applyFilter(form.text("filter")) }
        return []
    }

    private mutating func submit(_ form: PromptForm, now: Timestamp) -> [ConsoleEffect] {
        func yes(_ label: String) -> Bool { form.text(label).lowercased().hasPrefix("y") }
        func room(_ label: String) -> String { form.text(label).trimmingSpaces }
        switch form.purpose {
        case .filter:
            applyFilter(form.text("filter"))
            return []
        case .emit(let target):
            guard case .success(let arguments) = PromptForm.parseArguments(form.text("arguments (JSON, comma-separated)")) else { return [] }
            let command = ConsoleCommand.emit(target, event: form.text("event").trimmingSpaces, arguments: arguments,
                                              waitForAck: yes("wait for ack? (y/n)"))
            return send(command, now: now)
        case .kick(let target):
            let reason = form.text("reason").trimmingSpaces
            let close = yes("close the whole connection? (y/n)")
            let command = ConsoleCommand.kick(target, reason: reason.isEmpty ? "kicked by an operator" : reason, close: close)
            confirmation = Confirmation(question: "Kick \(target.label)\(close ? " and close its connection" : "")? (y/N)",
                                        command: command)
            return []
        case .join(let target):
            return send(.join(target, room: room("room")), now: now)
        case .leave(let target):
            return send(.leave(target, room: room("room")), now: now)
        case .move(let target):
            let from = room("from room")
            let to = room("to room")
            if from == to {
                say("already in \(to)", .warning, now: now)
                return []
            }
            return send(.move(target, from: from, to: to), now: now)
        }
    }

    private mutating func send(_ command: ConsoleCommand, now: Timestamp) -> [ConsoleEffect] {
        if case .refused = state.connection {
            say("not connected: \(command.summary) not sent", .bad, now: now)
            return []
        }
        if let refusal = CommandPlan.refusal(for: command, features: state.features) {
            say("\(command.summary): \(refusal)", .bad, now: now)
            return []
        }
        let id = nextCommandId
        nextCommandId += 1
        let plan = CommandPlan(command, features: state.features)
        pending[id] = command
        plans[id] = plan
        say("\(command.summary)…", .warning, now: now)
        return [.send(id: id, plan: plan)]
    }

    /// The selection as a command target, or nil (with a message) when there is none to act on.
    private mutating func actionTarget(now: Timestamp) -> CommandTarget? {
        guard let target = selectedTarget else {
            say("select a socket, room or namespace first", .warning, now: now)
            return nil
        }
        if case .socket(let key) = target, state.sockets[key] == nil {
            say("socket \(key.id) is gone", .bad, now: now)
            return nil
        }
        return target
    }

    /// The room a leave or move starts from: the selected room, or the socket's first shared room.
    private func defaultRoom(for target: CommandTarget) -> String {
        switch target {
        case .room(_, let room): room
        case .socket(let key): state.sockets[key]?.sharedRooms.first ?? ""
        case .namespace: ""
        }
    }

    private mutating func applyFilter(_ text: String) {
        let query = FilterQuery(text)
        filters[tab] = query.isEmpty ? nil : query
    }

    private mutating func say(_ text: String, _ style: TextStyle, now: Timestamp) {
        message = ConsoleMessage(text: text, style: style, at: now)
    }

    private mutating func show(_ newTab: ConsoleTab) {
        tab = newTab
        detail = nil
    }

    // MARK: Selection

    /// Rows of the list body (the screen minus title, tabs, column header, status and keys).
    var visibleRows: Int {
        max(1, height - 5 - (tab == .overview && detail == nil ? overviewPreamble(now: nil).count : 0))
    }

    private mutating func moveSelection(by delta: Int) {
        if let detail {
            let lastTop = max(0, detailLines(detail, now: Timestamp(seconds: 0)).count - max(1, height - 4))
            detailScroll = max(0, min(lastTop, detailScroll + max(-10_000, min(10_000, delta))))
            return
        }
        let ids = rowIDs(tab)
        var selection = selections[tab] ?? ListSelection()
        if tab == .events, selections[tab] == nil { selection.select(ids.count - 1, in: ids, visible: visibleRows) }
        selection.move(by: max(-ids.count, min(ids.count, delta)), in: ids, visible: visibleRows)
        // The event tail follows new events while the selection sits on the newest one.
        selections[tab] = tab == .events && (ids.isEmpty || selection.index == ids.count - 1) ? nil : selection
    }

    /// The selected row of the current tab, resolved against the current rows.
    public var selectedRow: RowID? {
        var selection = selections[tab] ?? ListSelection()
        let ids = rowIDs(tab)
        if tab == .events, selections[tab] == nil { selection.select(ids.count - 1, in: ids, visible: visibleRows) }
        guard let index = selection.resolve(ids, visible: visibleRows) else { return nil }
        return ids[index]
    }

    /// What an action key applies to: the detail view's socket, or the selected row's socket,
    /// room or namespace.
    public var selectedTarget: CommandTarget? {
        if let detail { return .socket(detail) }
        switch selectedRow {
        case .socket(let key)?: return .socket(key)
        case .member(let namespace, _, let id)?: return .socket(SocketKey(namespace: namespace, id: id))
        case .room(let namespace, let room)?: return .room(namespace: namespace, room: room)
        case .namespace(let name)?: return .namespace(name)
        case .event(let sequence)?:
            return state.events.elements.last { $0.sequence == sequence }.map { .socket($0.socket) }
        case .upgrade, nil: return nil
        }
    }

    private mutating func open(now: Timestamp) {
        guard detail == nil else { return }
        switch selectedRow {
        case .namespace(let name)?:
            tab = .sockets
            filters[.sockets] = FilterQuery("nsp:\(name)")  // exact: a namespace term matches whole names
        case .upgrade(let index)?:
            let clientId = state.upgrades.elements.dropFirst(index).first?.clientId
            if let socket = state.sockets.values.first(where: { $0.clientId == clientId }) { openDetail(socket.key) }
        default:
            if case .socket(let key)? = selectedTarget { openDetail(key) }
        }
    }

    private mutating func openDetail(_ key: SocketKey) {
        detail = key
        detailScroll = 0
    }
}
