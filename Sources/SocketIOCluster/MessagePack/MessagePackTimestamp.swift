import NIOCore

/// The MessagePack timestamp extension (type −1), which `@msgpack/msgpack` writes for a
/// JavaScript `Date`.
struct MessagePackTimestamp: Hashable {
    /// The extension type of timestamps.
    static let extensionType: Int8 = -1

    /// Seconds since 1970-01-01T00:00:00Z.
    var seconds: Int64
    /// Nanoseconds to add (the spec wants < 10^9; like `@msgpack/msgpack`, larger values are
    /// taken as they are).
    var nanoseconds: UInt32

    /// The timestamp in `data`: 32 bits of seconds; 30 bits of nanoseconds and 34 of seconds; or
    /// 32 bits of nanoseconds and 64 of signed seconds. `nil` for any other length.
    init?(data: ByteBuffer) {
        switch data.readableBytes {
        case 4:
            guard let seconds = data.getInteger(at: data.readerIndex, as: UInt32.self) else { return nil }
            self.seconds = Int64(seconds)
            self.nanoseconds = 0
        case 8:
            guard let packed = data.getInteger(at: data.readerIndex, as: UInt64.self) else { return nil }
            self.seconds = Int64(packed & 0x3_ffff_ffff)
            self.nanoseconds = UInt32(packed >> 34)
        case 12:
            guard let nanoseconds = data.getInteger(at: data.readerIndex, as: UInt32.self),
                let seconds = data.getInteger(at: data.readerIndex + 4, as: Int64.self)
            else { return nil }
            self.seconds = seconds
            self.nanoseconds = nanoseconds
        default:
            return nil
        }
    }

    /// The largest distance from the epoch a JavaScript `Date` holds: 10^8 days, in milliseconds.
    private static let javaScriptDateLimit: Int64 = 8_640_000_000_000_000

    /// Milliseconds since the epoch, truncated toward zero as `new Date(sec * 1e3 + nsec / 1e6)`
    /// does, or `nil` outside the range of a JavaScript `Date`.
    var milliseconds: Int64? {
        // Seconds beyond the limit cannot come back into range through the nanoseconds (< 4.3 s).
        guard seconds.magnitude <= UInt64(Self.javaScriptDateLimit / 1000 + 5) else { return nil }
        var milliseconds = seconds * 1000 + Int64(nanoseconds / 1_000_000)
        if milliseconds < 0 && nanoseconds % 1_000_000 != 0 { milliseconds += 1 }
        return milliseconds.magnitude <= UInt64(Self.javaScriptDateLimit) ? milliseconds : nil
    }

    /// What JavaScript's `Date.toJSON()` prints: `2023-04-06T16:03:18.123Z`, with a signed
    /// six-digit year outside 0…9999 (`+275760-09-13T00:00:00.000Z`); `nil` outside the range of
    /// a JavaScript `Date` (where `toJSON()` gives `null`).
    var iso8601String: String? {
        guard let milliseconds else { return nil }
        let millisecondsPerDay: Int64 = 86_400_000
        let days = Self.floorDivide(milliseconds, by: millisecondsPerDay)
        let timeOfDay = milliseconds - days * millisecondsPerDay
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let yearText = (0...9999).contains(year)
            ? Self.padded(year, width: 4)
            : (year < 0 ? "-" : "+") + Self.padded(year.magnitude, width: 6)
        return yearText + "-" + Self.padded(month, width: 2) + "-" + Self.padded(day, width: 2)
            + "T" + Self.padded(timeOfDay / 3_600_000, width: 2)
            + ":" + Self.padded(timeOfDay / 60_000 % 60, width: 2)
            + ":" + Self.padded(timeOfDay / 1000 % 60, width: 2)
            + "." + Self.padded(timeOfDay % 1000, width: 3) + "Z"
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468  // days since 0000-03-01
        let era = Self.floorDivide(shifted, by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func padded(_ value: some BinaryInteger, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `dividend / divisor` rounded toward negative infinity (`divisor` > 0).
    private static func floorDivide(_ dividend: Int64, by divisor: Int64) -> Int64 {
        let quotient = dividend / divisor
        return dividend % divisor < 0 ? quotient - 1 : quotient
    }
}
