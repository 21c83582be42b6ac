import Foundation
import PressworkCompression
import PressworkProtocol
import ZeroMQ

/// The processing side of one worker slot, run in a child process of the worker (`presswork worker-slot`).
///
/// The worker starts one such process per slot and talks to it over a private `ipc://` socket. Running
/// jobs in separate processes is what lets the worker stop a job that hangs (it kills the process) and
/// survive one that crashes (a fault in a C library kills only the slot), while its own thread keeps
/// heartbeats flowing however busy the slots are.
///
/// Messages, worker → slot: the coordinator's `JOB` message as it arrived (role frame first), or `STOP`.
/// Slot → worker: `READY` once connected, then for each job the `RESULT` or `FAILED` message exactly as it
/// will go to the coordinator.
public enum SlotProcess {
    /// Runs until told to stop or until the worker that started it is gone; returns the exit status.
    /// - Parameters:
    ///   - endpoint: the worker's pool socket.
    ///   - slot: this slot's routing id.
    ///   - parent: the worker's pid: when this process's parent changes, the worker died and the slot exits.
    public static func run(
        endpoint: String, slot: String, parent: pid_t, maxArticleBytes: Int, memoryLimitBytes: Int = 0,
        processor: any JobProcessor, worker: String, host: String
    ) -> Int32 {
        if memoryLimitBytes > 0 {
            // An allocation past the limit fails and the slot dies; the worker reports the job `crashed`.
            var limit = rlimit(rlim_cur: rlim_t(memoryLimitBytes), rlim_max: rlim_t(memoryLimitBytes))
            if setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) != 0 {
                FileHandle.standardError.write(Data("presswork worker-slot \(slot): setrlimit failed\n".utf8))
            }
        }
        // An orphaned slot must not go on burning a core on a job nobody will collect: a thread checks the
        // parent ten times a second, even while the pipeline runs (the kernel re-parents orphans).
        let watchdog = Thread {
            while getppid() == parent { usleep(100_000) }
            _exit(0)
        }
        watchdog.name = "presswork-slot-watchdog"
        watchdog.start()
        do {
            let context = try ZMQContext()
            let socket = try ZMQSocket(context: context, type: .dealer)
            try socket.setRoutingId(Array(slot.utf8))
            try socket.setMaxMessageSize(Int64(ProtocolLimits.maxFrameBytes(maxArticleBytes: maxArticleBytes)))
            try socket.connect(endpoint)
            _ = try socket.send([Array("READY".utf8)])
            var poller = ZMQPoller([socket])
            while true {
                guard try poller.poll(milliseconds: 1_000).first == true else { continue }
                while let message = try socket.receive(maxFrames: 8) {
                    if message.frames == [Array("STOP".utf8)] {
                        try? socket.setLinger(milliseconds: 0)
                        socket.close()
                        return 0
                    }
                    guard case .job(let job, let body) = try? CoordinatorCommand.decode(message.frames) else {
                        continue
                    }
                    let reply = Self.process(
                        job, body: body, processor: processor, worker: worker, host: host,
                        maxArticleBytes: maxArticleBytes,
                        maxResultBytes: ProtocolLimits.maxResultBytes(maxArticleBytes: maxArticleBytes))
                    _ = try socket.send(reply, wait: true)
                }
            }
        } catch {
            FileHandle.standardError.write(Data("presswork worker-slot \(slot): \(error)\n".utf8))
            return 1
        }
    }

    /// One job: the pipeline's outcome as the message for the coordinator. A result document over the
    /// coordinator's limit (or this worker's, if smaller) fails the job with `too-large`, not retryable:
    /// libzmq would drop the connection on the frame, and every attempt would end the same way.
    static func process(
        _ job: JobAssignment, body: [UInt8], processor: any JobProcessor, worker: String, host: String,
        maxArticleBytes: Int, maxResultBytes: Int
    ) -> [[UInt8]] {
        let limit = min(maxResultBytes, job.maxResultBytes ?? .max)
        var body = body
        if let encoding = job.bodyEncoding {
            do {
                guard encoding == Zstd.name else {
                    throw ZstdError("unknown body encoding \(PeerText.escaped(encoding))")
                }
                // Never more than the coordinator said, nor than this worker takes.
                body = try Zstd.decompress(body, maxBytes: min(job.bodyBytes ?? maxArticleBytes, maxArticleBytes))
            } catch {
                return WorkerCommand.failed(
                    JobFailure(
                        job: job.job, attempt: job.attempt, retryable: false, code: "bad-body",
                        message: "the article body cannot be decoded: \(error)")
                ).frames()
            }
        }
        switch processor.process(job, body: body, worker: worker, host: host) {
        case .result(let document, _, _, _) where document.count > limit:
            let message =
                "the result document is \(document.count) bytes, over the limit of \(limit) "
                + "(\(ProtocolLimits.resultExpansion) × --max-article-bytes); the article is \(body.count) bytes"
            return WorkerCommand.failed(
                JobFailure(job: job.job, attempt: job.attempt, retryable: false, code: "too-large", message: message)
            ).frames()
        case .result(let document, let language, let stagesMs, let pageType):
            return WorkerCommand.result(
                JobResult(
                    job: job.job, attempt: job.attempt, language: language, stagesMs: stagesMs, pageType: pageType),
                document: document
            ).frames()
        case .failure(let code, let message, let retryable, let retryAfter):
            return WorkerCommand.failed(
                JobFailure(
                    job: job.job, attempt: job.attempt, retryable: retryable, code: code, message: message,
                    retryAfter: retryAfter)
            ).frames()
        }
    }
}
