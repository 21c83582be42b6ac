import PressworkProtocol

/// What the coordinator accepts from a worker's report before the machine sees it.
enum ReportRules {
    /// The most characters of a worker's failure message kept in the journal and shown to users.
    static let maxErrorMessageCharacters = 2_000

    /// A `RESULT` whose document is not a JSON object (the journal's own rule, `documentIsObject`) is
    /// never stored: it becomes a failed attempt that is retried elsewhere, and the worker is told.
    /// Nil when the result is acceptable.
    static func rejection(of result: JobResult, documentIsObject: Bool) -> JobFailure? {
        guard !documentIsObject else { return nil }
        return JobFailure(
            job: result.job, attempt: result.attempt, retryable: true, code: "bad-result",
            message: "worker sent a result that is not a valid JSON object")
    }

    /// A `FAILED` as the journal keeps it: the message bounded and escaped (it is shown in terminals,
    /// logs and the dashboard).
    static func accepted(_ failure: JobFailure) -> JobFailure {
        var failure = failure
        failure.message = PeerText.escaped(failure.message, maxCharacters: maxErrorMessageCharacters)
        return failure
    }
}

/// Which dead jobs a `RETRY` brings back, and with how many attempts.
enum Revival {
    struct Plan: Equatable {
        var job: String
        /// The attempts it already used (they stay counted).
        var attempts: Int
        /// Attempts allowed in all from now: the used ones plus a fresh allowance.
        var maxAttempts: Int
    }

    /// The requested ids once each, in the order given.
    static func unique(_ requested: [String]) -> [String] {
        var seen: Set<String> = []
        return requested.filter { seen.insert($0).inserted }
    }

    /// The dead jobs among `candidates` (each once), except those `isUnfinished` already has back in the
    /// queue (revived earlier in the same turn: still `dead` in the journal until the commit). Each gets
    /// `allowance` more attempts. Done, queued, running and unknown jobs are left alone.
    static func plan(_ candidates: [JobInfo], allowance: Int, isUnfinished: (String) -> Bool) -> [Plan] {
        var seen: Set<String> = []
        return candidates.compactMap { job in
            guard job.state == .dead, !isUnfinished(job.id), seen.insert(job.id).inserted else { return nil }
            return Plan(job: job.id, attempts: job.attempts, maxAttempts: job.attempts + allowance)
        }
    }
}
