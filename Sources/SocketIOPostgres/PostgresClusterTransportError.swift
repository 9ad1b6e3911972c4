/// What went wrong inside the transport (logged; the message concerned is lost).
enum PostgresClusterTransportError: Error, CustomStringConvertible {
    /// The `INSERT … RETURNING id` of an attachment returned no row.
    case noAttachmentID
    /// The listening connection is down: an attachment cannot be fetched.
    case notConnected

    var description: String {
        switch self {
        case .noAttachmentID: "the attachment INSERT returned no id"
        case .notConnected: "the listening connection is down"
        }
    }
}
