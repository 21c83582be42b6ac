import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import ZeroMQ

/// The worker process as a `Service`: an I/O thread that owns the DEALER socket (registration,
/// heartbeats, reconnects) and a pool of processing threads that run the jobs.
///
/// Graceful shutdown drains: no new jobs, running ones finish within the drain timeout, the rest is
/// handed back to the coordinator.
public final class Worker: Service, Sendable {
    public let configuration: WorkerConfiguration
    private let processor: any JobProcessor
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)

    public init(configuration: WorkerConfiguration, processor: any JobProcessor, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.processor = processor
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await OwningThread.run(named: "presswork-worker-io") { [self] in
                var loop = try WorkerLoop(configuration: configuration, processor: processor, logger: logger)
                loop.run(until: { self.stopRequested.load(ordering: .relaxed) })
            }
        } onGracefulShutdown: {
            self.stopRequested.store(true, ordering: .relaxed)
        }
    }
}
