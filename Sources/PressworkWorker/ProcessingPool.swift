import Foundation
import PressworkProtocol
import Synchronization
import ZeroMQ

/// N processing threads fed from a queue. Outcomes go back to the I/O thread over an `inproc` PUSH
/// socket per thread, so no socket is ever shared between threads.
final class ProcessingPool: Sendable {
    struct Task: Sendable {
        var job: JobAssignment
        var body: [UInt8]
    }

    private struct State {
        var queue: [Task] = []
        var head = 0
        var stopped = false
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let threads: Int

    /// Starts `threads` threads that run `processor` and push each outcome to `resultsEndpoint`.
    init(
        threads: Int, context: ZMQContext, resultsEndpoint: String, processor: any JobProcessor, worker: String,
        host: String
    ) {
        self.threads = threads
        for index in 0..<threads {
            let thread = Thread { [self] in
                run(
                    context: context, resultsEndpoint: resultsEndpoint, processor: processor, worker: worker, host: host
                )
            }
            thread.name = "presswork-slot-\(index)"
            thread.start()
        }
    }

    /// Queues a job for the next free thread.
    func submit(_ task: Task) {
        state.withLock { $0.queue.append(task) }
        available.signal()
    }

    /// Takes back the jobs not started yet, and makes the threads exit once idle.
    func stop() -> [Task] {
        let pending = state.withLock { state -> [Task] in
            state.stopped = true
            let pending = Array(state.queue[state.head...])
            state.queue.removeAll()
            state.head = 0
            return pending
        }
        for _ in 0..<threads { available.signal() }
        return pending
    }

    private func next() -> Task? {
        available.wait()
        return state.withLock { state -> Task? in
            guard !state.stopped, state.head < state.queue.count else { return nil }
            let task = state.queue[state.head]
            state.head += 1
            if state.head > 1024 && state.head * 2 > state.queue.count {
                state.queue.removeFirst(state.head)
                state.head = 0
            }
            return task
        }
    }

    private func run(
        context: ZMQContext, resultsEndpoint: String, processor: any JobProcessor, worker: String, host: String
    ) {
        guard let push = try? ZMQSocket(context: context, type: .push), (try? push.connect(resultsEndpoint)) != nil
        else {
            return
        }
        defer { push.close() }
        while let task = next() {
            let outcome = processor.process(task.job, body: task.body, worker: worker, host: host)
            let message: WorkerCommand
            switch outcome {
            case .result(let document, let language, let stagesMs):
                message = .result(
                    JobResult(job: task.job.job, attempt: task.job.attempt, language: language, stagesMs: stagesMs),
                    document: document)
            case .failure(let code, let text, let retryable):
                message = .failed(
                    JobFailure(
                        job: task.job.job, attempt: task.job.attempt, retryable: retryable, code: code, message: text))
            }
            // inproc PUSH with the default high-water mark blocks briefly at worst; it never drops.
            _ = try? push.send(message.frames(), wait: true)
        }
    }
}
