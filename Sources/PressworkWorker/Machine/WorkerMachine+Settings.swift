import Foundation
import PressworkCompression
import PressworkProtocol

extension WorkerMachine {
    /// The timing rules the machine applies and the identity it registers with.
    struct Settings: Sendable {
        /// Seconds between heartbeats when nothing else is sent.
        var heartbeatInterval: Double
        /// Missed intervals after which the coordinator is considered gone.
        var heartbeatLiveness: Int
        /// Upper bound of the first reconnect delay, in seconds; it doubles per attempt.
        var reconnectBaseDelay: Double
        /// The reconnect delay's bound never exceeds this; it is also the wait after a socket that
        /// could not be opened.
        var reconnectMaxDelay: Double
        /// Seconds SIGTERM waits for running jobs before handing them back.
        var drainTimeout: Double
        /// A heartbeat with stats goes out at least this often, even while results keep the connection
        /// busy, so the coordinator's memory figure stays fresh.
        var statsInterval: Double = 5
        /// Seconds to wait for the coordinator's answer to `DISCONNECT` before leaving anyway.
        var goodbyeTimeout: Double = 2
        /// `READY` as sent at start-up; the machine fills in `busy` and `draining`.
        var registration: Ready

        init(
            heartbeatInterval: Double, heartbeatLiveness: Int, reconnectBaseDelay: Double,
            reconnectMaxDelay: Double, drainTimeout: Double, registration: Ready
        ) {
            self.heartbeatInterval = heartbeatInterval
            self.heartbeatLiveness = heartbeatLiveness
            self.reconnectBaseDelay = reconnectBaseDelay
            self.reconnectMaxDelay = reconnectMaxDelay
            self.drainTimeout = drainTimeout
            self.registration = registration
        }

        /// The settings a worker process runs with.
        /// - Parameter pid: the process id announced in `READY`.
        init(_ configuration: WorkerConfiguration, pid: Int32) {
            var registration = Ready(
                worker: configuration.workerId, slots: configuration.concurrency, host: configuration.host,
                pid: pid, version: PressworkVersion.current)
            // Slots decompress zstd bodies themselves, so the coordinator sends them as it stores them.
            registration.encodings = [Zstd.name]
            registration.fetching = configuration.fetching
            self.init(
                heartbeatInterval: configuration.heartbeatInterval,
                heartbeatLiveness: configuration.heartbeatLiveness,
                reconnectBaseDelay: configuration.reconnectBaseDelay,
                reconnectMaxDelay: configuration.reconnectMaxDelay, drainTimeout: configuration.drainTimeout,
                registration: registration)
        }

        /// Seconds of silence after which the coordinator is considered gone.
        var silenceLimit: Double { heartbeatInterval * Double(heartbeatLiveness) }

        /// The upper bound of the delay before reconnect number `attempt` (1-based): the base delay
        /// doubled per attempt, capped (full jitter picks the delay below it).
        func reconnectDelayBound(attempt: Int) -> Double {
            min(reconnectMaxDelay, reconnectBaseDelay * pow(2, Double(min(attempt - 1, 30))))
        }
    }
}
