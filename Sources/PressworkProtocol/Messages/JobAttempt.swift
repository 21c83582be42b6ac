/// One attempt of one job: what a lease, a `JOB`, and the `RESULT` or `FAILED` that answers it are
/// about. Both sides track work in flight by it.
public struct JobAttempt: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var job: String
    /// 1 for the first attempt.
    public var attempt: Int

    public init(job: String, attempt: Int) {
        self.job = job
        self.attempt = attempt
    }

    public init(_ assignment: JobAssignment) {
        self.init(job: assignment.job, attempt: assignment.attempt)
    }

    public static func < (lhs: JobAttempt, rhs: JobAttempt) -> Bool { (lhs.job, lhs.attempt) < (rhs.job, rhs.attempt) }

    /// `JOB/ATTEMPT`, as logs show it.
    public var description: String { "\(job)/\(attempt)" }
}
