import CPostgres

/// One statement of a pipeline: its SQL and the values of `$1`, `$2`…
public struct PostgresStatement: Sendable {
    public var sql: String
    public var parameters: [PostgresValue?]

    public init(_ sql: String, _ parameters: [PostgresValue?] = []) {
        self.sql = sql
        self.parameters = parameters
    }
}

extension PostgresConnection {
    /// Runs `statements` as one transaction in one round trip (libpq's pipeline mode): all are sent, then a
    /// Sync, and the server runs them as an implicit transaction that commits at the Sync, or rolls back
    /// whole when one fails. Statements that return rows may be sent; their rows are not kept.
    ///
    /// - Throws: the first failing statement's `PostgresError` (the transaction is rolled back);
    ///   `.connectionLost` when the connection broke or the server did not answer within `replyTimeout`
    ///   (whether the transaction committed is then unknown); `.misuse` inside an open transaction.
    public func pipeline(_ statements: [PostgresStatement]) throws(PostgresError) {
        guard !statements.isEmpty else { return }
        let handle = try openHandle()
        guard try transactionStatus() == PQTRANS_IDLE else {
            throw PostgresError(code: .misuse, message: "a pipeline cannot run inside an open transaction")
        }
        guard PQenterPipelineMode(handle) == 1 else { throw failure(handle, result: nil) }
        var firstError: PostgresError?
        do throws(PostgresError) {
            for statement in statements { try send(statement, on: handle) }
            guard PQpipelineSync(handle) == 1 else { throw failure(handle, result: nil) }
            // One result (then NULL) per statement, then the Sync's PGRES_PIPELINE_SYNC.
            var remaining = statements.count
            while true {
                try awaitReply(handle)
                guard let result = PQgetResult(handle) else {
                    remaining -= 1
                    continue
                }
                defer { PQclear(result) }
                let status = PQresultStatus(result)
                if status == PGRES_PIPELINE_SYNC {
                    guard remaining <= 0 else { throw failure(handle, result: nil) }
                    break
                }
                if status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR || status == PGRES_BAD_RESPONSE,
                    firstError == nil
                {
                    firstError = failure(handle, result: result)
                }
            }
        } catch {
            // The connection is of no more use for this pipeline; the next call finds it lost.
            if isConnected { _ = PQexitPipelineMode(handle) }
            throw error
        }
        _ = PQexitPipelineMode(handle)
        if let firstError { throw firstError }
    }
}
