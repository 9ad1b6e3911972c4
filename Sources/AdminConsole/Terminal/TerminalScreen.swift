import CNcurses
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal, through ncursesw: draws whole `ScreenFrame`s and reads `KeyPress`es.
///
/// Curses is process-wide: create one `TerminalScreen` per process and use it from one thread.
/// The terminal is given back by `restore()`, by `deinit`, at exit, and on a crash signal
/// (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) before the previous handler runs. SIGINT,
/// SIGTERM and SIGHUP are left to the app: see `installQuitSignals(_:)`.
///
/// Colours are used when the terminal has them and `NO_COLOR` is unset or empty; without them
/// every `TextStyle` still reads differently through attributes alone.
public final class TerminalScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private let hasColors: Bool
    private var isCursorVisible = false

    /// Takes the terminal: the user's locale (C is taken as C.UTF-8, as Python does), no echo,
    /// keys unbuffered and decoded, Escape alone after 25 ms, cursor hidden.
    ///
    /// Exits the process with a message when the terminal cannot be set up (curses' `initscr`).
    public init() {
        setlocale(LC_ALL, "")
        if let locale = setlocale(LC_CTYPE, nil), ["C", "POSIX"].contains(String(cString: locale)) {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        initscr()
        window = sio_stdscr()
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        TerminalRestorer.cursesStarted(cursorVisibility: curs_set(0))
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        hasColors = has_colors() && !noColor
        if hasColors {
            start_color()
            let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
            for pair in ColorPair.allCases {
                init_pair(pair.rawValue, pair.foreground, background)
            }
        }
    }

    deinit {
        restore()
    }

    /// The terminal's size now, in columns and rows (it changes after a `.resize` key).
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Shows `frame`, replacing the whole screen, with one terminal update.
    ///
    /// Rows and runs are cut to the terminal by display width (wide characters take two columns;
    /// characters the locale cannot print show as `?`), and the bottom-right cell stays empty so
    /// the terminal never scrolls. The cursor shows at `frame.cursor` when it is set and on screen.
    public func draw(_ frame: ScreenFrame) {
        let (width, height) = size
        werase(window)
        for (row, line) in frame.lines.prefix(height).enumerated() {
            let limit = min(frame.width, row == height - 1 ? width - 1 : width)
            var column = 0
            for run in line.runs where column < limit {
                let (characters, columns) = Self.clip(run.text, toColumns: limit - column)
                let (attributes, pair) = look(of: run.style)
                wattr_set(window, attributes, pair, nil)
                wmove(window, Int32(row), Int32(column))
                waddnwstr(window, characters, Int32(characters.count))
                column += columns
            }
        }
        wattr_set(window, sio_attribute_normal, 0, nil)
        if let cursor = frame.cursor, (0..<height).contains(cursor.row), (0..<width).contains(cursor.column) {
            wmove(window, Int32(cursor.row), Int32(cursor.column))
            setCursorVisible(true)
        } else {
            setCursorVisible(false)
        }
        wnoutrefresh(window)
        doupdate()
    }

    /// The next key, waiting at most `timeoutMilliseconds` (negative: until one comes); nil when
    /// none came, or for a key or escape sequence the console does not use.
    public func readKey(timeoutMilliseconds: Int) -> KeyPress? {
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var input: wint_t = 0
        switch wget_wch(window, &input) {
        case KEY_CODE_YES:
            return KeyDecoder.key(forKeyCode: Int32(bitPattern: input))
        case OK where input == 0x1B:
            return readEscapeSequence()
        case OK:
            return KeyDecoder.key(forCharacter: input)
        default:
            return nil
        }
    }

    /// Gives the terminal back (cursor, modes, screen). Idempotent; draw nothing after it.
    public func restore() {
        TerminalRestorer.restore()
    }

    /// Calls `handler` on a private queue on SIGINT, SIGTERM or SIGHUP instead of letting them
    /// kill the process, so the app can stop its loop and `restore()` the terminal itself.
    /// Call it once per process.
    public static func installQuitSignals(_ handler: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "AdminConsole.quit-signals")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler(handler: handler)
            source.resume()
            quitSources.append(source)
        }
    }

    /// Keeps the quit signal sources alive for the life of the process.
    private nonisolated(unsafe) static var quitSources: [any DispatchSourceSignal] = []

    /// After ESC: the rest of a sequence curses did not decode, or Escape alone (then a key that
    /// followed at once is put back for the next read).
    private func readEscapeSequence() -> KeyPress? {
        wtimeout(window, 0)
        var input: wint_t = 0
        switch wget_wch(window, &input) {
        case OK where input == 0x5B || input == 0x4F:  // "[" or "O": a sequence starts
            break
        case OK:
            unget_wch(wchar_t(bitPattern: input))
            return .escape
        case KEY_CODE_YES:
            ungetch(Int32(bitPattern: input))
            return .escape
        default:
            return .escape
        }
        var body = input == 0x5B ? "[" : "O"
        while !KeyDecoder.isComplete(body), body.unicodeScalars.count < 16,
              wget_wch(window, &input) == OK, let scalar = Unicode.Scalar(input) {
            body.unicodeScalars.append(scalar)
        }
        return KeyDecoder.key(forEscapeSequence: body)
    }

    /// Shows or hides the cursor, telling the terminal only on a change.
    private func setCursorVisible(_ visible: Bool) {
        guard visible != isCursorVisible else { return }
        isCursorVisible = visible
        curs_set(visible ? 1 : 0)
    }

    /// The attributes and colour pair that draw `style`; in monochrome, attributes that keep every
    /// style apart.
    private func look(of style: TextStyle) -> (attr_t, Int16) {
        switch (style, hasColors) {
        case (.plain, _): (sio_attribute_normal, 0)
        case (.heading, _): (sio_attribute_bold, 0)
        case (.selected, _): (sio_attribute_reverse, 0)
        case (.dim, _): (sio_attribute_dim, 0)
        case (.good, true): (sio_attribute_normal, ColorPair.good.rawValue)
        case (.good, false): (sio_attribute_bold, 0)
        case (.warning, true): (sio_attribute_normal, ColorPair.warning.rawValue)
        case (.warning, false): (sio_attribute_underline, 0)
        case (.bad, true): (sio_attribute_bold, ColorPair.bad.rawValue)
        case (.bad, false): (sio_attribute_reverse | sio_attribute_bold, 0)
        case (.key, true): (sio_attribute_bold, ColorPair.key.rawValue)
        case (.key, false): (sio_attribute_bold, 0)
        }
    }

    /// The colour pairs `init` sets up, on the terminal's default background.
    private enum ColorPair: Int16, CaseIterable {
        case good = 1, warning, bad, key

        var foreground: Int16 {
            switch self {
            case .good: Int16(COLOR_GREEN)
            case .warning: Int16(COLOR_YELLOW)
            case .bad: Int16(COLOR_RED)
            case .key: Int16(COLOR_CYAN)
            }
        }
    }

    /// `text` as wide characters taking at most `limit` columns, and the columns they take.
    /// Characters the locale cannot print (controls, or anything non-ASCII in a non-UTF-8 locale)
    /// become `?`.
    private static func clip(_ text: String, toColumns limit: Int) -> ([wchar_t], Int) {
        var characters: [wchar_t] = []
        var columns = 0
        for scalar in text.unicodeScalars {
            var character = wchar_t(bitPattern: scalar.value)
            var width = Int(sio_wcwidth(character))
            if width < 0 {
                character = 0x3F
                width = 1
            }
            guard columns + width <= limit else { break }
            characters.append(character)
            columns += width
        }
        return (characters, columns)
    }
}
