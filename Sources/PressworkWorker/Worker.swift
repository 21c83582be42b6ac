import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import ZeroMQ

/// The worker process as a `Service`: an I/O thread that owns the DEALER socket (registration,
/// heartbeats, reconnects) and supervises one slot process per slot that runs the jobs (`SlotProcess`,
/// started with `WorkerConfiguration.slotCommand`).
///
/// Graceful shutdown drains: no new jobs, running ones finish within the drain timeout, the rest is
/// handed back to the coordinator.
public final class Worker: Service, Sendable {
    public let configuration: WorkerConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)

    public init(configuration: WorkerConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await OwningThread.run(named: "presswork-worker-io") { [self] in
                var loop = try WorkerLoop(configuration: configuration, logger: logger)
                loop.run(until: { self.stopRequested.load(ordering: .relaxed) })
            }
        } onGracefulShutdown: {
            self.stopRequested.store(true, ordering: .relaxed)
        }
    }
}
