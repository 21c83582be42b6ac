import Foundation
import Logging
import PressworkLogging
import PressworkProtocol
import ZeroMQ

/// The worker's slots: one child process each (`SlotProcess`), fed one job at a time over a private
/// `ipc://` socket, and supervised from the worker's I/O thread.
///
/// - A job that runs past its timeout is abandoned: the slot's process is killed and restarted, and the
///   job is reported `FAILED` (`timeout`, retryable), which frees its slot at the coordinator.
/// - A slot process that dies while running a job (a crash in a C library, the OOM killer) is reported
///   `FAILED` (`crashed`, retryable) and restarted; the coordinator retries the job elsewhere and buries it
///   after its attempts. Processes that die before they are ready are restarted with a growing delay, so
///   a broken installation does not spin.
///
/// Owned by one thread; nothing here blocks except the kill of a hung process (immediate).
struct ProcessPool {
    /// A job's `RESULT` or `FAILED` message for the coordinator, with the job it answers: the pool knows
    /// which job each slot ran, so the worker need not parse the message again to tell.
    struct Outcome {
        var job: JobAssignment
        var frames: [[UInt8]]
    }

    struct Task: Sendable {
        var job: JobAssignment
        var body: [UInt8]
        /// When the worker received it (monotonic seconds): the job's timeout runs from here.
        var receivedAt: Double
    }

    enum SlotState {
        case starting(since: Double)
        case idle
        case busy(Task)
        case waiting(until: Double)
    }

    struct Slot {
        var id = ""
        var generation = 0
        var process: ChildProcess?
        var state = SlotState.waiting(until: 0)
        /// Processes in a row that ended before they said READY: drives the restart delay.
        var failedStarts = 0
    }

    /// Seconds a new slot process has to connect and say READY.
    static let startTimeout = 30.0

    let socket: ZMQSocket
    let endpoint: String
    private let directory: String
    private let command: [String]
    private let logger: Logger
    private(set) var slots: [Slot]
    private var queue: [Task] = []
    private var queueHead = 0
    private var stopped = false

    /// Binds the pool socket in a new private directory (mode 0700: no other user can connect and take
    /// jobs or forge results) and starts `count` slot processes.
    /// - Parameter command: the slot program and its arguments; `--pool`, `--slot` and `--parent` are added.
    init(count: Int, context: ZMQContext, command: [String], maxMessageBytes: Int, logger: Logger, now: Double) throws {
        directory = try SlotDirectory.create()
        endpoint = "ipc://\(directory)/slots"
        socket = try ZMQSocket(context: context, type: .router)
        try socket.setMaxMessageSize(Int64(maxMessageBytes))
        try socket.setRouterMandatory(true)
        try socket.bind(endpoint)
        self.command = command
        self.logger = logger
        slots = Array(repeating: Slot(), count: count)
        for index in slots.indices { start(index, now: now) }
    }

    /// Resident memory of the slot processes, in bytes.
    var residentBytes: Int { slots.compactMap { $0.process?.residentBytes }.reduce(0, +) }

    /// Queues a job and starts it at once if a slot is free.
    mutating func submit(_ task: Task, now: Double) {
        queue.append(task)
        dispatch(now: now)
    }

    /// Messages from the slots: READY, or a job's outcome (returned, frames as they go to the coordinator).
    mutating func receive(now: Double) -> [Outcome] {
        var outcomes: [Outcome] = []
        while let message = try? socket.receive(maxFrames: 8), message.frames.count >= 2 {
            let id = String(decoding: message.frames[0], as: UTF8.self)
            guard let index = slots.firstIndex(where: { $0.id == id }) else { continue }
            let rest = Array(message.frames.dropFirst())
            if rest == [Array("READY".utf8)] {
                if case .starting = slots[index].state {
                    slots[index].state = .idle
                    slots[index].failedStarts = 0
                }
            } else if case .busy(let task) = slots[index].state {
                slots[index].state = .idle
                outcomes.append(Outcome(job: task.job, frames: rest))
            }
        }
        dispatch(now: now)
        return outcomes
    }

    /// Deadlines and deaths: hung jobs are abandoned, crashed processes reported and restarted. Returns the
    /// `FAILED` messages for the coordinator.
    mutating func service(now: Double) -> [Outcome] {
        var outcomes: [Outcome] = []
        for index in slots.indices {
            if let process = slots[index].process, let ending = process.ended() {
                slots[index].process = nil
                if case .busy(let task) = slots[index].state {
                    logger.error(
                        "slot process died while running a job; restarting it",
                        metadata: [
                            LogKey.job: "\(task.job.job)", LogKey.attempt: "\(task.job.attempt)",
                            LogKey.error: "\(ending)",
                        ])
                    outcomes.append(
                        Self.failure(
                            task, code: "crashed", message: "the processing process \(ending) while running the job"))
                    restart(index, now: now, delay: 0)
                } else {
                    logger.error("slot process ended; restarting it", metadata: [LogKey.error: "\(ending)"])
                    restartAfterFailedStart(index, now: now)
                }
                continue
            }
            switch slots[index].state {
            case .busy(let task) where now - task.receivedAt >= task.job.timeoutSeconds:
                logger.warning(
                    "job timed out; killing and restarting its slot process",
                    metadata: [
                        LogKey.job: "\(task.job.job)", LogKey.attempt: "\(task.job.attempt)",
                        LogKey.timeout: "\(task.job.timeoutSeconds)",
                    ])
                slots[index].process?.kill()
                slots[index].process = nil
                outcomes.append(
                    Self.failure(
                        task, code: "timeout",
                        message: "no result within \(formatted(task.job.timeoutSeconds)) s; processing was stopped"))
                restart(index, now: now, delay: 0)
            case .starting(let since) where now - since > Self.startTimeout:
                logger.error("slot process never became ready; restarting it")
                slots[index].process?.kill()
                slots[index].process = nil
                restartAfterFailedStart(index, now: now)
            case .waiting(let until) where now >= until && !stopped:
                start(index, now: now)
            default:
                break
            }
        }
        dispatch(now: now)
        return outcomes
    }

    /// Stops taking jobs; returns those not started. Running jobs go on until `shutdown`.
    mutating func stop() -> [Task] {
        stopped = true
        let pending = Array(queue[queueHead...])
        queue.removeAll()
        queueHead = 0
        return pending
    }

    /// Ends every slot process (idle ones are told to stop, busy ones are killed) and removes the socket.
    mutating func shutdown() {
        for index in slots.indices where slots[index].process != nil {
            if case .idle = slots[index].state {
                _ = try? socket.send([Array(slots[index].id.utf8), Array("STOP".utf8)])
            }
        }
        // Give idle processes a moment to exit on their own, then make sure.
        let deadline = Date().addingTimeInterval(0.5)
        while Date() < deadline && slots.contains(where: { $0.process.map { $0.ended() == nil } ?? false }) {
            usleep(10_000)
        }
        for index in slots.indices {
            if let process = slots[index].process, process.ended() == nil { process.kill() }
            slots[index].process = nil
        }
        try? socket.setLinger(milliseconds: 0)
        socket.close()
        SlotDirectory.remove(directory)
    }

    // MARK: - Internals

    private mutating func start(_ index: Int, now: Double) {
        slots[index].generation += 1
        // A fresh id per process: a late message from a killed one can never be taken for its successor's.
        slots[index].id = "slot-\(index)-\(slots[index].generation)"
        do {
            let process = try ChildProcess.spawn(
                command + ["--pool", endpoint, "--slot", slots[index].id, "--parent", String(getpid())])
            slots[index].process = process
            slots[index].state = .starting(since: now)
        } catch {
            logger.error("cannot start a slot process", metadata: [LogKey.error: "\(error)"])
            restartAfterFailedStart(index, now: now)
        }
    }

    /// A process that ended (or never started) before it was ready: try again after 0.1 s, doubling with each
    /// failure in a row up to 5 s, so a broken installation does not spin.
    private mutating func restartAfterFailedStart(_ index: Int, now: Double) {
        slots[index].failedStarts += 1
        let delay = min(5, 0.1 * pow(2, Double(slots[index].failedStarts - 1)))
        slots[index].state = .waiting(until: now + delay)
    }

    private mutating func restart(_ index: Int, now: Double, delay: Double) {
        if delay <= 0 && !stopped {
            start(index, now: now)
        } else {
            slots[index].state = .waiting(until: now + delay)
        }
    }

    private mutating func dispatch(now: Double) {
        guard !stopped else { return }
        for index in slots.indices where queueHead < queue.count {
            guard case .idle = slots[index].state else { continue }
            let task = queue[queueHead]
            let frames = [Array(slots[index].id.utf8)] + CoordinatorCommand.job(task.job, body: task.body).frames()
            // Unroutable means the process just died: leave the job queued; `service` restarts the slot.
            guard (try? socket.send(frames)) == true else { continue }
            queueHead += 1
            slots[index].state = .busy(task)
            // One line per execution, so a fault harness can count jobs that ran more than once.
            logger.debug(
                "job started",
                metadata: [
                    LogKey.job: "\(task.job.job)", LogKey.attempt: "\(task.job.attempt)",
                    LogKey.slot: "\(slots[index].id)",
                ])
        }
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
    }

    private static func failure(_ task: Task, code: String, message: String) -> Outcome {
        let failure = JobFailure(
            job: task.job.job, attempt: task.job.attempt, retryable: true, code: code, message: message)
        return Outcome(job: task.job, frames: WorkerCommand.failed(failure).frames())
    }
}

private func formatted(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
