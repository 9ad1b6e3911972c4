import NIOCore
import PostgresNIO
@testable import SocketIOPostgres
import Testing

@Suite("PostgreSQL statements")
struct PostgresClusterStatementsTests {
    let statements = PostgresClusterStatements(tableName: #"odd"name"#)

    @Test func quoteTheTableName() {
        #expect(statements.createTable.sql
            == #"CREATE TABLE IF NOT EXISTS "odd""name" (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)"#)
        #expect(statements.deleteAttachments(olderThan: .seconds(30)).sql
            == #"DELETE FROM "odd""name" WHERE created_at < now() - interval '30000 milliseconds'"#)
    }

    @Test func bindEveryValue() {
        let notify = statements.notify(channel: "socket.io#/", payload: "{}")
        #expect(notify.sql == "SELECT pg_notify($1, $2)")
        #expect(notify.binds.count == 2)
        let insert = statements.insertAttachment(ByteBuffer(bytes: [1]))
        #expect(insert.sql == #"INSERT INTO "odd""name" (payload) VALUES ($1) RETURNING id"#)
        let select = statements.selectAttachment(id: 42)
        #expect(select.sql == #"SELECT payload FROM "odd""name" WHERE id = $1"#)
        #expect(select.binds.count == 1)
    }
}
