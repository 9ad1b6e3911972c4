/// A key the operator pressed, as the console understands it (decoded from curses key codes by
/// the terminal, or built directly in tests).
public enum KeyPress: Sendable, Hashable {
    /// A printable character (letters, digits, punctuation, space).
    case character(Character)
    /// Arrow keys.
    case up, down, left, right
    /// Paging and jumping.
    case pageUp, pageDown, home, end
    /// Enter / Return.
    case enter
    /// Escape (alone, not the start of a sequence).
    case escape
    /// Tab and Shift-Tab.
    case tab, backTab
    /// Backspace and Delete.
    case backspace, delete
    /// The terminal changed size.
    case resize
}
