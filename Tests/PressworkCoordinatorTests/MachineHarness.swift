import PressworkProtocol

@testable import PressworkCoordinator

/// A machine with a hand-driven clock and fixed jitter, and helpers to read its actions.
struct MachineHarness {
    var machine: CoordinatorMachine
    var now: Double = 1_000

    init(
        heartbeat: Double = 1, liveness: Int = 3, jobTimeout: Double = 60, prefetch: Int = 1,
        retry: RetryPolicy = RetryPolicy(), jitter: Double = 0.5, hostConcurrency: Int = 0, hostDelay: Double = 0
    ) {
        let settings = CoordinatorMachine.Settings(
            heartbeatInterval: heartbeat, workerExpiry: heartbeat * Double(liveness), jobTimeout: jobTimeout,
            prefetch: prefetch, retry: retry, hostConcurrency: hostConcurrency, hostDelay: hostDelay)
        machine = CoordinatorMachine(settings: settings, now: 1_000, unitRandom: { jitter })
    }

    mutating func advance(_ seconds: Double) -> [CoordinatorAction] {
        now += seconds
        return machine.onTick(now: now)
    }

    mutating func register(_ worker: String, slots: Int) -> [CoordinatorAction] {
        machine.onReady(Ready(worker: worker, slots: slots, host: "test", pid: 1, version: "0"), now: now)
    }

    mutating func submit(_ ids: [String], maxAttempts: Int = 4, hosts: [String: String] = [:]) -> [CoordinatorAction] {
        machine.onSubmitted(ids, maxAttempts: maxAttempts, hosts: hosts, now: now)
    }

    mutating func succeed(_ job: String, at worker: String, attempt: Int = 1) -> [CoordinatorAction] {
        machine.onResult(from: worker, job: job, attempt: attempt, now: now)
    }

    mutating func fail(_ job: String, at worker: String, attempt: Int, retryable: Bool = true) -> [CoordinatorAction] {
        machine.onFailure(
            from: worker,
            JobFailure(job: job, attempt: attempt, retryable: retryable, code: "boom", message: "it broke"),
            now: now)
    }

    var queue: ClusterStatus.Queue { machine.snapshot(now: now).queue }
}

extension [CoordinatorAction] {
    /// (job, worker, attempt) of every dispatch, in order.
    var dispatches: [(job: String, worker: String, attempt: Int)] {
        compactMap { if case .dispatch(let job, let worker, let attempt) = $0 { (job, worker, attempt) } else { nil } }
    }

    var requeues: [(job: String, error: FailedAttempt?, delay: Double)] {
        compactMap { if case .requeue(let job, _, let error, let delay) = $0 { (job, error, delay) } else { nil } }
    }

    var buried: [(job: String, error: FailedAttempt?)] {
        compactMap { if case .bury(let job, let error) = $0 { (job, error) } else { nil } }
    }

    var completed: [String] {
        compactMap { if case .complete(let job, _, _) = $0 { job } else { nil } }
    }

    var ignored: [String] {
        compactMap { if case .ignored(let job, _, _) = $0 { job } else { nil } }
    }
}
