/// A coding key for any member name or array position: object members of a `SocketIOValue`,
/// array indices in coding paths, and the `super` key.
struct SocketIOCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    /// The key under which `superEncoder()` and `superDecoder()` keep the superclass's data.
    static let `super` = SocketIOCodingKey(stringValue: "super")
}
