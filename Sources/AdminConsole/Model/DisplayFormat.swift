import SocketIOProtocol

/// How the console writes figures: durations, rates, sizes, latencies and payloads, compactly.
public enum DisplayFormat {
    /// `42s`, `3m12s`, `1h02m`, `2d03h`.
    public static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds))
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return "\(total / 60)m\(twoDigits(total % 60))s"
        case ..<86_400: return "\(total / 3600)h\(twoDigits(total / 60 % 60))m"
        default: return "\(total / 86_400)d\(twoDigits(total / 3600 % 24))h"
        }
    }

    /// `0.4ms`, `12ms`, `1.2s`.
    public static func latency(_ milliseconds: Double) -> String {
        switch milliseconds {
        case ..<10: return "\(oneDecimal(milliseconds))ms"
        case ..<1000: return "\(Int(milliseconds.rounded()))ms"
        default: return "\(oneDecimal(milliseconds / 1000))s"
        }
    }

    /// `512 B`, `1.5 KB`, `3.2 MB` (powers of 1024).
    public static func bytes(_ count: Double) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = count
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value.rounded())) B" : "\(oneDecimal(value)) \(units[unit])"
    }

    /// A rate: whole numbers from 10 up, one decimal below.
    public static func rate(_ perSecond: Double) -> String {
        perSecond >= 10 ? "\(Int(perSecond.rounded()))" : oneDecimal(perSecond)
    }

    /// `value` with one decimal digit.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// A payload as compact JSON, binary shown as `<N bytes>`.
    public static func compact(_ value: SocketIOValue) -> String {
        switch value {
        case .binary(let buffer):
            return "<\(buffer.readableBytes) bytes>"
        case .array(let elements):
            return "[" + elements.map(compact).joined(separator: ",") + "]"
        case .object(let object):
            return "{" + object.members.map { SocketIOValue.string($0.key).jsonString + ":" + compact($0.value) }
                .joined(separator: ",") + "}"
        default:
            return value.jsonString
        }
    }

    /// Arguments as they were passed: compact JSON values separated by commas.
    public static func arguments(_ values: [SocketIOValue]) -> String {
        values.map(compact).joined(separator: ", ")
    }
}
