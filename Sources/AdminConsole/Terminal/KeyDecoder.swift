import CNcurses

/// Turns what curses reads (key codes, characters, and escape sequences its terminfo did not
/// know) into `KeyPress`es. Pure: `TerminalScreen` does the reading.
enum KeyDecoder {
    /// The key for a curses key code (`wget_wch` returned `KEY_CODE_YES`), or nil for keys the
    /// console has no use for (function keys, mouse).
    static func key(forKeyCode code: Int32) -> KeyPress? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        // Terminals that send the VT220 Find / Select codes for Home / End get KEY_FIND / KEY_SELECT.
        case KEY_HOME, KEY_FIND: .home
        case KEY_END, KEY_SELECT: .end
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_RESIZE: .resize
        default: nil
        }
    }

    /// The key for a character (`wget_wch` returned `OK`): Return, Tab, Escape and the two
    /// backspace codes by name, printable characters as themselves, other controls nil.
    static func key(forCharacter value: UInt32) -> KeyPress? {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x1B: return .escape
        case 0x7F, 0x08: return .backspace
        case 0x00..<0x20, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// Whether `body`, what followed ESC so far, is a whole sequence: `O` and one character
    /// (SS3), or `[`, parameters, and a final character from `@` to `~` (CSI).
    static func isComplete(_ body: String) -> Bool {
        guard body.unicodeScalars.count >= 2, let final = body.unicodeScalars.last else { return false }
        return body.hasPrefix("O") || ("@"..."~").contains(final)
    }

    /// The key for an escape sequence curses passed through undecoded, given what followed ESC
    /// (`[A`, `OH`, `[1;5C`, `[5~`…), or nil when it is not one the console knows. Modifiers
    /// (Shift, Ctrl) are ignored: Ctrl-Up is Up.
    static func key(forEscapeSequence body: String) -> KeyPress? {
        guard isComplete(body), let introducer = body.first, introducer == "[" || introducer == "O",
              let final = body.last else { return nil }
        switch (introducer, final) {
        case (_, "A"): return .up
        case (_, "B"): return .down
        case (_, "C"): return .right
        case (_, "D"): return .left
        case (_, "H"): return .home
        case (_, "F"): return .end
        case ("[", "Z"): return .backTab
        case ("O", "M"): return .enter  // keypad Enter in application mode
        case ("[", "~"):  // VT220 editing keys: CSI number [; modifiers] ~
            switch Int(body.dropFirst().prefix { $0 != ";" && $0 != "~" }) {
            case 1, 7: return .home
            case 3: return .delete
            case 4, 8: return .end
            case 5: return .pageUp
            case 6: return .pageDown
            default: return nil
            }
        default: return nil
        }
    }
}
