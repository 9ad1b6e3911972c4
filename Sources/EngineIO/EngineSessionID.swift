import Synchronization

/// Session ids like the reference server's: 15 bytes (12 random, a 3-byte counter) in URL-safe
/// base64, so 20 characters from `[A-Za-z0-9_-]`.
public enum EngineSessionID {
    private static let counter = Atomic<UInt32>(0)
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// A new unguessable id.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 15)
        for index in 0..<12 { bytes[index] = generator.next() }
        let count = counter.add(1, ordering: .relaxed).newValue
        bytes[12] = UInt8(truncatingIfNeeded: count >> 16)
        bytes[13] = UInt8(truncatingIfNeeded: count >> 8)
        bytes[14] = UInt8(truncatingIfNeeded: count)
        var characters: [UInt8] = []
        characters.reserveCapacity(20)
        for group in stride(from: 0, to: 15, by: 3) {
            let value = UInt32(bytes[group]) << 16 | UInt32(bytes[group + 1]) << 8 | UInt32(bytes[group + 2])
            for shift in [18, 12, 6, 0] { characters.append(alphabet[Int(value >> UInt32(shift) & 0x3F)]) }
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
