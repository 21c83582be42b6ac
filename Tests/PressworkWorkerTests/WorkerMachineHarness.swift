import PressworkProtocol

@testable import PressworkWorker

/// A worker machine with a hand-driven clock and fixed jitter, whose sends the socket always takes.
struct WorkerHarness {
    var machine: WorkerMachine
    var now: Double = 1_000

    init(
        heartbeat: Double = 1, liveness: Int = 3, reconnectBase: Double = 0.25, reconnectMax: Double = 8,
        drainTimeout: Double = 30, slots: Int = 4, jitter: Double = 0.5
    ) {
        let settings = WorkerMachine.Settings(
            heartbeatInterval: heartbeat, heartbeatLiveness: liveness, reconnectBaseDelay: reconnectBase,
            reconnectMaxDelay: reconnectMax, drainTimeout: drainTimeout,
            registration: Ready(worker: "w1", slots: slots, host: "test", pid: 7, version: "0"))
        machine = WorkerMachine(settings: settings, now: 1_000, unitRandom: { jitter })
    }

    /// Moves the clock and ticks; every send in the answer is taken by the socket.
    @discardableResult
    mutating func advance(_ seconds: Double) -> [WorkerAction] {
        now += seconds
        return delivered(machine.onTick(now: now))
    }

    /// Tells the machine the socket took each message in `actions`, as the shell does.
    @discardableResult
    mutating func delivered(_ actions: [WorkerAction]) -> [WorkerAction] {
        for action in actions {
            switch action {
            case .send, .heartbeat, .forward: machine.onSent(now: now)
            default: break
            }
        }
        return actions
    }

    @discardableResult
    mutating func start() -> [WorkerAction] { delivered(machine.start()) }

    /// The coordinator sends `command`.
    @discardableResult
    mutating func hear(_ command: CoordinatorCommand) -> [WorkerAction] {
        delivered(machine.onMessage(command.frames(), now: now))
    }

    /// A `JOB` arrives for `job`, attempt `attempt`.
    @discardableResult
    mutating func job(_ job: String, attempt: Int = 1) -> [WorkerAction] {
        hear(.job(Self.assignment(job, attempt: attempt), body: Array("body of \(job)".utf8)))
    }

    /// A slot reports `job` (as a `FAILED`, which the machine does not read).
    @discardableResult
    mutating func finish(_ job: String, attempt: Int = 1) -> [WorkerAction] {
        delivered(machine.onOutcome(for: Self.assignment(job, attempt: attempt), frames: Self.report(job, attempt)))
    }

    /// The shell opened the new socket.
    @discardableResult
    mutating func connected() -> [WorkerAction] { delivered(machine.onConnected(now: now)) }

    @discardableResult
    mutating func stop(notStarted: [String] = []) -> [WorkerAction] {
        delivered(machine.onStop(notStarted: notStarted.map { Self.assignment($0, attempt: 1) }, now: now))
    }

    /// Silence long enough for liveness to trip (now - lastHeard > 3 s with the defaults).
    @discardableResult
    mutating func loseCoordinator() -> [WorkerAction] {
        advance(machine.settings.silenceLimit + 0.01 - (now - machine.lastHeard))
    }

    static func assignment(_ job: String, attempt: Int) -> JobAssignment {
        JobAssignment(job: job, attempt: attempt, timeoutSeconds: 60, article: ArticleMeta(source: "test"))
    }

    static func report(_ job: String, _ attempt: Int) -> [[UInt8]] {
        WorkerCommand.failed(JobFailure(job: job, attempt: attempt, retryable: true, code: "boom", message: job))
            .frames()
    }
}

extension [WorkerAction] {
    /// Every `READY` sent, in order.
    var readies: [Ready] {
        compactMap { if case .send(.ready(let ready)) = $0 { ready } else { nil } }
    }

    /// Every command sent with `.send`, in order.
    var sent: [WorkerCommand] {
        compactMap { if case .send(let command) = $0 { command } else { nil } }
    }

    /// Job ids of the reports forwarded, in order.
    var forwarded: [String] {
        compactMap {
            guard case .forward(let frames) = $0,
                case .failed(let failure)? = try? WorkerCommand.decode(frames.dropFirst())
            else { return nil }
            return failure.job
        }
    }

    var started: [String] {
        compactMap { if case .start(let job, _) = $0 { job.job } else { nil } }
    }

    var heartbeats: Int { filter { $0 == .heartbeat }.count }

    /// (attempt, delay) of each dropped connection.
    var drops: [(attempt: Int, delay: Double)] {
        compactMap { if case .dropConnection(let attempt, let delay) = $0 { (attempt, delay) } else { nil } }
    }

    var connects: Bool { contains(.connect) }
}
