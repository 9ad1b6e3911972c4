import SocketIOProtocol

/// A moment as seconds since the Unix epoch (UTC), as the admin protocol's dates describe it.
///
/// Parsing is lenient, as the console must be (spec §2.1, §7): JavaScript's
/// `2023-04-06T16:03:18.123Z`, Python's `2023-04-06T16:03:18.123456+00:00`, no fraction, any
/// offset; a number is taken as epoch milliseconds.
public struct Timestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Double

    /// The moment `seconds` after the epoch.
    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// The moment named by an ISO-8601 date-time, or nil when the text is not one.
    public init?(iso text: String) {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              bytes.count >= 19, (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                fraction += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard let offsetHours = number(index + 1, 2) else { return nil }
                let minutesStart = index + 3 < bytes.count && bytes[index + 3] == UInt8(ascii: ":") ? index + 4 : index + 3
                let offsetMinutes = number(minutesStart, 2) ?? 0
                let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                return nil
            }
        }
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        self.seconds = Double(whole) + fraction
    }

    /// The moment named by an admin-protocol date argument: ISO text or epoch milliseconds.
    init?(_ value: SocketIOValue?) {
        switch value {
        case .string(let text)?: self.init(iso: text)
        case .number(let milliseconds)?: self.init(seconds: milliseconds / 1000)
        default: return nil
        }
    }

    /// Days from 1970-01-01 to the given civil date (proleptic Gregorian calendar).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `HH:MM:SS` of this moment shifted by `utcOffset` seconds (the operator's time zone).
    public func clockText(utcOffset: Int) -> String {
        let local = Int(seconds.rounded(.down)) + utcOffset
        let secondsOfDay = ((local % 86_400) + 86_400) % 86_400
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(twoDigits(secondsOfDay / 3600)):\(twoDigits(secondsOfDay / 60 % 60)):\(twoDigits(secondsOfDay % 60))"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.seconds < rhs.seconds
    }
}
