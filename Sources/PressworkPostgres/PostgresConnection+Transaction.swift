import CPostgres

extension PostgresConnection {
    /// Runs `body` in a transaction: BEGIN, then COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// - Returns: what `body` returned, once committed.
    /// - Throws: what `body` threw (after the rollback); a `PostgresError` from BEGIN or COMMIT, `.query` when the
    ///   server rolled back at COMMIT because a statement inside had failed, `.misuse` when a transaction is
    ///   already open. After `.connectionLost` from COMMIT, whether the transaction committed is unknown.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        guard try transactionStatus() == PQTRANS_IDLE else {
            throw PostgresError(code: .misuse, message: "a transaction is already open on this connection")
        }
        try execute("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            // The body's error is the one worth reporting; if the connection is gone, so is the transaction.
            _ = try? execute("ROLLBACK")
            throw error
        }
        let commit = try execute("COMMIT")
        // COMMIT of a transaction in which a statement failed (its error caught inside) succeeds as ROLLBACK.
        guard commit.commandStatus == "COMMIT" else {
            throw PostgresError(
                code: .query, message: "the transaction was rolled back at COMMIT: a statement in it had failed")
        }
        return value
    }
}
