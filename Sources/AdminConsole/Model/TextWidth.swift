/// Terminal column arithmetic: how wide text is on screen, and cutting or padding it to a width.
public enum TextWidth {
    /// How to place text in a wider cell.
    public enum Alignment: Sendable {
        /// Text at the left, spaces after.
        case left
        /// Spaces first, text at the right.
        case right
    }

    /// The number of terminal columns `text` takes (wide characters 2, combining marks 0,
    /// control characters 0).
    public static func of(_ text: String) -> Int {
        var columns = 0
        for scalar in text.unicodeScalars {
            columns += width(of: scalar)
        }
        return columns
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        if scalar.value >= 0x20, scalar.value < 0x7F { return 1 }
        if scalar.value < 0xA0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation || wideRanges.contains(where: { $0.contains(scalar.value) }) { return 2 }
        return 1
    }

    /// East Asian wide and fullwidth blocks (Hangul Jamo, CJK, Hangul syllables, compatibility
    /// ideographs, fullwidth forms, supplementary ideographs).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
    ]

    /// `text` cut to at most `columns` (ending in `…` when cut) and padded with spaces to exactly
    /// `columns`; control characters (newlines, tabs) become spaces.
    public static func fit(_ text: String, _ columns: Int, alignment: Alignment = .left) -> String {
        guard columns > 0 else { return "" }
        let cleaned = text.contains(where: \.isNewline) || text.contains("\t")
            ? String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }) : text
        var used = 0
        var result = ""
        var truncated = false
        for scalar in cleaned.unicodeScalars {
            let width = width(of: scalar)
            if used + width > columns {
                truncated = true
                break
            }
            result.unicodeScalars.append(scalar)
            used += width
        }
        if truncated {
            while used > columns - 1, let last = result.unicodeScalars.last {
                result.unicodeScalars.removeLast()
                used -= width(of: last)
            }
            result += "…"
            used += 1
        }
        let padding = String(repeating: " ", count: max(0, columns - used))
        return alignment == .left ? result + padding : padding + result
    }
}
