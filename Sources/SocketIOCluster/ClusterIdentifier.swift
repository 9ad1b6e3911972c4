/// The random ids of the cluster protocol: node uids and request ids.
enum ClusterIdentifier {
    /// 8 random bytes as 16 lowercase hex digits, e.g. `3f9c0a1b2d4e5f60`.
    static func random() -> String {
        let hex = String(UInt64.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
