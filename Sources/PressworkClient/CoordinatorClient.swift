import Foundation
import PressworkCompression
import PressworkProtocol
import ZeroMQ

/// A connection to a coordinator for one client: request, wait for the matching reply, or time out.
///
/// Not thread-safe: it owns a ZeroMQ socket; use it from one thread.
public final class CoordinatorClient {
    public let endpoint: Endpoint
    /// Seconds to wait for each reply before reporting the coordinator unreachable.
    public let timeout: Double
    private let context: ZMQContext
    private let socket: ZMQSocket
    private var nextRequest: UInt64 = 1

    /// Whether the connection uses CURVE (a refused key shows only as silence, so errors say so).
    public let usesCurve: Bool

    /// Connects (in the background) to the coordinator at `endpoint`.
    /// - Parameter curve: keys for an encrypted, authenticated connection; nil connects in plain text.
    public init(endpoint: Endpoint, timeout: Double = 10, curve: CurveClientCredentials? = nil) throws(ClientError) {
        self.endpoint = endpoint
        self.timeout = timeout
        usesCurve = curve != nil
        do {
            context = try ZMQContext()
            socket = try ZMQSocket(context: context, type: .dealer)
            if let curve { try socket.setCurveClient(curve) }
            // Queue nothing for a coordinator that is not there, so a dead endpoint times out cleanly.
            try socket.setImmediate(true)
            // Connection events, so a refused connection fails at once instead of after the whole timeout.
            let monitorEndpoint = "inproc://presswork-client-monitor"
            try socket.monitor(
                monitorEndpoint, events: ZMQMonitorEvent.connected | ZMQMonitorEvent.connectRetried)
            monitor = try ZMQSocket(context: context, type: .pair)
            try monitor?.connect(monitorEndpoint)
            try socket.connect(endpoint.description)
        } catch {
            throw ClientError(.unreachable, "cannot connect to \(endpoint): \(error)")
        }
    }

    deinit {
        monitor?.close()
        socket.close()
    }

    /// Whether the coordinator said (in an `ACCEPTED`) that it reads zstd bodies: later `SUBMIT`s compress them.
    var coordinatorReadsZstd = false
    /// Compresses bodies for `SUBMIT`, its context reused.
    let compressor = ZstdCompressor()

    /// Whether a connection was ever made; a refused attempt before any is an answer: nobody listens.
    private var everConnected = false
    private var monitor: ZMQSocket?

    /// Reads the connection events so far; throws when the endpoint refused the connection before any
    /// connection was made (nothing listens there). A peer that accepts and stays silent, or a host that
    /// does not answer at all, is waited for until the timeout.
    private func checkRefused() throws(ClientError) {
        guard !everConnected, let monitor else { return }
        while let message = try? monitor.receive(maxFrames: 4), let event = ZMQMonitorEvent(frames: message.frames) {
            if event.event == ZMQMonitorEvent.connected {
                everConnected = true
                return
            }
            if event.event == ZMQMonitorEvent.connectRetried {
                throw ClientError(
                    .unreachable,
                    "nothing accepts connections at \(endpoint) (connection refused: is the coordinator running? "
                        + "check --connect or PRESSWORK_CONNECT)")
            }
        }
    }

    /// Sends a request built for a fresh request number and returns the reply that carries it.
    public func request(_ build: (UInt64) -> ClientRequest) throws(ClientError) -> ClientReply {
        let req = nextRequest
        nextRequest += 1
        let request = build(req)
        let deadline = Date().addingTimeInterval(timeout)
        // IMMEDIATE makes sends fail while no connection is up; retry until the deadline.
        while true {
            do {
                if try socket.send(request.frames()) { break }
            } catch {
                throw ClientError(.unreachable, "cannot send to \(endpoint): \(error)")
            }
            try checkRefused()
            if Date() >= deadline { throw unreachable(request) }
            usleep(20_000)
        }
        var poller = ZMQPoller([socket])
        while true {
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                var error = unreachable(request)
                error.requestWasSent = true
                throw error
            }
            let message: ZMQMessage?
            do {
                guard try poller.poll(milliseconds: Int(remaining * 1000) + 1)[0] else { continue }
                message = try socket.receive(maxFrames: ProtocolLimits.maxFrames)
            } catch {
                var failure = ClientError(.unreachable, "connection to \(endpoint) failed: \(error)")
                failure.requestWasSent = true
                throw failure
            }
            guard let message else { continue }
            let reply: ClientReply
            do {
                reply = try ClientReply.decode(message.frames)
            } catch {
                throw ClientError(.badReply, "\(endpoint) answered with something this client cannot read: \(error)")
            }
            // Replies to earlier, timed-out requests may still arrive: skip them.
            if let number = reply.req, number != req { continue }
            if case .error(let error) = reply {
                throw ClientError(
                    .refused, "coordinator refused \(request.name): \(error.message)", remoteCode: error.code.rawValue)
            }
            return reply
        }
    }

    private func unreachable(_ request: ClientRequest) -> ClientError {
        ClientError(
            .unreachable,
            "no reply from the coordinator at \(endpoint) within \(formatSeconds(timeout)) s (is it running? check --connect or PRESSWORK_CONNECT"
                + (usesCurve
                    ? "; with CURVE, also that --server-public-key is the coordinator's and this --key is admitted as a client)"
                    : "; if the coordinator uses CURVE, pass --key and --server-public-key)")
        )
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
}
