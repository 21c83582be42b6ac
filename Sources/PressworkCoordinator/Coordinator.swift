import Foundation
import Logging
import PressworkStore
import ServiceLifecycle
import Synchronization
import ZeroMQ

/// The coordinator process as a `Service`: opens the store, binds the ROUTER socket, and runs the
/// loop on a thread of its own (the socket is confined to it) until graceful shutdown.
public final class Coordinator: Service, Sendable {
    public let configuration: CoordinatorConfiguration
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)
    private let store: JobStore
    private let context: ZMQContext
    private let lock: DataDirectoryLock

    /// Validates the configuration and opens the store, so that configuration and data-directory
    /// problems surface before anything runs.
    public init(configuration: CoordinatorConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        self.lock = try DataDirectoryLock(directory: configuration.dataDirectory)
        self.store = try JobStore(directory: configuration.dataDirectory)
        self.context = try ZMQContext()
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await OwningThread.run(named: "presswork-coordinator") { [self] in
                var loop = try CoordinatorLoop(
                    configuration: configuration, store: store, context: context, logger: logger)
                try loop.run(until: { self.stopRequested.load(ordering: .relaxed) })
            }
        } onGracefulShutdown: {
            self.stopRequested.store(true, ordering: .relaxed)
        }
    }
}
