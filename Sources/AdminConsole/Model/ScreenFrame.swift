/// How a run of text is drawn. The terminal maps each style to attributes, and to colours only
/// when the terminal has them, so every style still reads in monochrome.
public enum TextStyle: Sendable, Hashable {
    /// Ordinary text.
    case plain
    /// Titles, column headers and the tab bar (bold).
    case heading
    /// The selected row or active tab (reverse video).
    case selected
    /// Secondary text: timestamps, "—" for unavailable figures (dim).
    case dim
    /// Healthy states: connected, websocket, successful upgrades (green, or bold in monochrome).
    case good
    /// Attention: polling, slow figures, pending commands (yellow, or underlined in monochrome).
    case warning
    /// Failures: disconnected, refused commands, failed upgrades (red, or reverse in monochrome).
    case bad
    /// Key names in the help line and overlay (bold).
    case key
}

/// A run of text in one style.
public struct StyledText: Sendable, Hashable {
    /// The text; it never holds a newline.
    public var text: String
    /// How it is drawn.
    public var style: TextStyle

    /// A run of `text` drawn in `style`.
    public init(_ text: String, _ style: TextStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// One screen row: runs of styled text, already cut to the frame's width.
public struct ScreenLine: Sendable, Hashable {
    /// The runs, left to right.
    public var runs: [StyledText]

    /// A row made of these runs.
    public init(_ runs: [StyledText] = []) {
        self.runs = runs
    }

    /// A row of one run.
    public init(_ text: String, _ style: TextStyle = .plain) {
        self.runs = [StyledText(text, style)]
    }

    /// The row's text without styles (what a person reads; what tests compare).
    public var text: String {
        runs.map(\.text).joined()
    }
}

/// Everything the terminal shows at one moment: exactly `height` rows of at most `width` columns,
/// and where the cursor is (only while a prompt is being edited).
public struct ScreenFrame: Sendable, Hashable {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int
    /// The rows, top to bottom; `lines.count == height`.
    public var lines: [ScreenLine]
    /// The visible cursor (row, column), or nil to hide it.
    public var cursor: Cursor?

    /// A cursor position on the screen.
    public struct Cursor: Sendable, Hashable {
        /// Row from 0.
        public var row: Int
        /// Column from 0.
        public var column: Int

        /// The cursor at `row`, `column`.
        public init(row: Int, column: Int) {
            self.row = row
            self.column = column
        }
    }

    /// A frame of `width` × `height` holding `lines`, padded with empty rows or cut to `height`.
    public init(width: Int, height: Int, lines: [ScreenLine], cursor: Cursor? = nil) {
        self.width = width
        self.height = height
        var rows = Array(lines.prefix(height))
        rows.append(contentsOf: repeatElement(ScreenLine(), count: max(0, height - rows.count)))
        self.lines = rows
        self.cursor = cursor
    }

    /// The whole screen as text, one row per line (for tests and the README captures).
    public var text: String {
        lines.map(\.text).joined(separator: "\n")
    }
}
