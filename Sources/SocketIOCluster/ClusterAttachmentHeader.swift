import SocketIOProtocol

/// The notification that announces a message stored in the attachment table:
/// `{"uid":"…","type":3,"attachmentId":"42"}` (no `nsp`; the stored envelope has it).
public struct ClusterAttachmentHeader: Sendable, Hashable {
    /// The sender's uid (a receiver may skip fetching its own attachments).
    public var uid: String
    /// The type of the stored message.
    public var type: ClusterMessageType
    /// The row id in the attachment table (`bigserial`); bind it as `int8` when fetching.
    public var attachmentID: Int64

    /// A header.
    public init(uid: String, type: ClusterMessageType, attachmentID: Int64) {
        self.uid = uid
        self.type = type
        self.attachmentID = attachmentID
    }

    /// The notification payload, keys in Node's order, the id as a JSON string as Node's `pg`
    /// driver returns `bigserial` values.
    public var jsonText: String {
        let header: SocketIOValue = [
            "uid": .string(uid), "type": .number(Double(type.rawValue)), "attachmentId": .string(String(attachmentID)),
        ]
        return header.jsonString
    }

    /// Reads a header whose `attachmentId` is a string of decimal digits or an integer number.
    init(_ fields: ClusterFields) throws(ClusterMessageDecodingError) {
        let type = try ClusterMessageType(typeOf: fields)
        self.init(
            uid: try fields.required("uid", \.stringValue),
            type: type,
            attachmentID: try fields.required("attachmentId") { id in
                id.stringValue.flatMap { Int64($0) } ?? ClusterFields.integer(id)
            }
        )
    }
}
