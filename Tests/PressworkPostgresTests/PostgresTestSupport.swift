import PressworkPostgres
import PressworkTestSupport
import Testing

extension Trait where Self == ConditionTrait {
    /// Runs the test only where a PostgreSQL server can be started (`PostgresServer`); otherwise it is skipped,
    /// saying what is missing.
    static var requiresPostgres: Self {
        .enabled(if: PostgresServer.unavailableReason == nil, "\(PostgresServer.unavailableReason ?? "")")
    }
}

/// The error `body` throws, which must be a `PostgresError`; nil (and a recorded issue) when it throws nothing.
func postgresError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PostgresError? {
    do {
        try body()
        Issue.record("expected a PostgresError, nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as PostgresError {
        return error
    } catch {
        Issue.record("expected a PostgresError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
