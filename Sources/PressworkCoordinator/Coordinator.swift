import Foundation
import Logging
import PressworkHTTP
import PressworkLogging
import PressworkPostgresStore
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
    private let store: any JournalStore
    private let context: ZMQContext
    /// Held while the store is this process's SQLite file (PostgreSQL has its own lock per coordinator name).
    private let lock: DataDirectoryLock?
    private let loopEnded = Atomic<Bool>(false)
    private let board: StatusBoard?
    private let http: HTTPServer?

    /// Validates the configuration and opens the store, so that configuration and data-directory
    /// problems surface before anything runs.
    public init(configuration: CoordinatorConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        if let url = configuration.store {
            self.lock = nil
            // Reconnecting to a frozen server blocks the loop for the connect timeout: no longer than a statement.
            self.store = try PostgresStore(
                url: url, coordinator: configuration.name, connectTimeout: min(10, configuration.storeTimeout),
                replyTimeout: configuration.storeTimeout)
        } else {
            self.lock = try DataDirectoryLock(directory: configuration.dataDirectory)
            self.store = try JobStore(directory: configuration.dataDirectory)
        }
        self.context = try ZMQContext()
        if let address = configuration.http {
            let board = StatusBoard()
            self.board = board
            var access = HTTPAccess(loopback: address.isLoopback, prefix: configuration.httpPrefix)
            if let file = configuration.httpAuth {
                (access.tokens, access.users) = try HTTPAccess.credentials(fromFile: file)
                let mode = (try? FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
                if mode & 0o077 != 0 {
                    logger.warning("the --http-auth file \(file) can be read by other users; make it mode 600")
                }
            }
            let endpoints = StatusEndpoints(board: board, access: access)
            self.http = try HTTPServer(host: address.host, port: address.port, logger: logger) {
                endpoints.answer($0)
            }
            if !address.isLoopback {
                logger.warning(
                    "HTTP endpoint off loopback WITHOUT authentication (--insecure)",
                    metadata: [LogKey.endpoint: "\(address)"])
            }
        } else {
            self.board = nil
            self.http = nil
        }
    }

    /// The port the HTTP endpoint listens on, when it is on.
    public var httpPort: Int? { http?.port }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let http {
                    group.addTask {
                        try await OwningThread.run(named: "presswork-http") { [self] in
                            http.run(until: {
                                self.stopRequested.load(ordering: .relaxed) || self.loopEnded.load(ordering: .relaxed)
                            })
                        }
                    }
                }
                group.addTask {
                    try await OwningThread.run(named: "presswork-coordinator") { [self] in
                        defer { self.loopEnded.store(true, ordering: .relaxed) }
                        var loop = try CoordinatorLoop(
                            configuration: configuration, store: store, context: context, logger: logger)
                        loop.board = board
                        try loop.run(until: { self.stopRequested.load(ordering: .relaxed) })
                    }
                }
                try await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.stopRequested.store(true, ordering: .relaxed)
        }
    }
}
