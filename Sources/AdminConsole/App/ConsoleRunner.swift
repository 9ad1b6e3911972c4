import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interactive console: reads keys, applies what the link delivered, and redraws at most
/// `framesPerSecond` times a second, only when something changed (so 10,000 sockets and a flood of
/// events cost one frame per tick, and only the visible rows are formatted).
public struct ConsoleRunner {
    /// The steady frame rate cap.
    public static let framesPerSecond = 10

    private let link: AdminLink
    private var console: Console

    /// A runner for `console`, fed by `link`.
    public init(console: Console, link: AdminLink) {
        self.console = console
        self.link = link
    }

    /// Takes the terminal and runs until `q`, Ctrl-C, SIGTERM or SIGHUP; gives the terminal back.
    public mutating func run() {
        let quitRequested = Atomic<Bool>(false)
        TerminalScreen.installQuitSignals { quitRequested.store(true, ordering: .relaxed) }
        let screen = TerminalScreen()
        defer { screen.restore() }
        console.unicode = Self.terminalSpeaksUTF8()
        console.utcOffset = Self.localUTCOffset()
        let size = screen.size
        console.resize(width: size.width, height: size.height)
        link.start()
        let frameInterval = 1.0 / Double(Self.framesPerSecond)
        var lastFrame = -1.0
        var dirty = true
        while !quitRequested.load(ordering: .relaxed) {
            if let key = screen.readKey(timeoutMilliseconds: 40) {
                var key: KeyPress? = key
                while let pressed = key {
                    if pressed == .resize {
                        let size = screen.size
                        console.resize(width: size.width, height: size.height)
                    }
                    for effect in console.handle(pressed, now: Self.now()) {
                        switch effect {
                        case .quit: quitRequested.store(true, ordering: .relaxed)
                        case .send(let id, let plan): link.perform(id: id, plan: plan)
                        }
                    }
                    key = screen.readKey(timeoutMilliseconds: 0)
                }
                dirty = true
                lastFrame = -1
            }
            let now = Self.now()
            for input in link.inbox.drain() {
                console.apply(input, now: now)
                dirty = true
            }
            // Figures that age (uptime, "ago", health) move once a second even without input.
            if now.seconds - lastFrame >= 1 { dirty = true }
            if dirty, now.seconds - lastFrame >= frameInterval {
                screen.draw(console.render(now: now))
                lastFrame = now.seconds
                dirty = false
            }
        }
        link.stop()
    }

    /// The wall clock.
    static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    /// The local time zone's offset from UTC, seconds.
    static func localUTCOffset() -> Int {
        var seconds = time(nil)
        var local = tm()
        localtime_r(&seconds, &local)
        return Int(local.tm_gmtoff)
    }

    /// Whether the locale's character set is UTF-8 (set by the terminal screen's start).
    static func terminalSpeaksUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }
}
