import PressworkProtocol

/// The worker's brain: connection state, the coordinator's liveness, reconnect back-off, the jobs
/// running, the reports kept while disconnected and the drain, with no I/O. Every event takes the
/// current monotonic time in seconds where time matters and returns the actions the shell
/// (`WorkerLoop`) must perform. See `WORKER-MACHINE.md`.
struct WorkerMachine: Sendable {
    /// Where the worker is in its life. It only moves forward, top to bottom.
    enum Phase: Sendable, Hashable {
        /// Registered (or trying to be) and taking jobs.
        case running
        /// SIGTERM: no new jobs; running ones may finish until `deadline`.
        case draining(deadline: Double)
        /// The drain is over; the shell is ending the slot processes (`stopSlots`).
        case stoppingSlots
        /// `DISCONNECT` sent; waiting for the coordinator's answer until `deadline`.
        case awaitingGoodbye(deadline: Double)
        /// Nothing left to do: the shell's loop ends.
        case stopped
    }

    let settings: Settings
    private let unitRandom: @Sendable () -> Double

    private(set) var phase = Phase.running
    /// Whether the shell holds an open socket to the coordinator. A new worker is connecting.
    private(set) var connected = true
    /// When the coordinator was last heard from (any message counts).
    private(set) var lastHeard: Double
    /// When a message last left for the coordinator.
    private(set) var lastSent: Double
    /// When the last heartbeat (which carries the stats) went out.
    private(set) var lastStats = -Double.infinity
    /// Reconnects since the coordinator was last heard; drives the back-off.
    private(set) var reconnectAttempt = 0
    /// When to open a new socket while disconnected.
    private(set) var nextReconnect = 0.0
    /// Jobs handed to the slots and not yet reported.
    private(set) var running: Set<JobAttempt> = []
    /// Reports made while disconnected, oldest first, sent once registered again.
    private(set) var unsent: [[[UInt8]]] = []

    /// - Parameter unitRandom: uniform random numbers in `0..<1` for the reconnect jitter (injected so
    ///   tests are exact).
    init(
        settings: Settings, now: Double,
        unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.settings = settings
        self.unitRandom = unitRandom
        lastHeard = now
        lastSent = now
    }

    /// The shell polls the slots' socket (and serves the pool) only while jobs may still finish.
    var listensToSlots: Bool {
        switch phase {
        case .running, .draining: true
        case .stoppingSlots, .awaitingGoodbye, .stopped: false
        }
    }

    /// The shell polls the coordinator's socket only while it is open and worth reading.
    var listensToCoordinator: Bool { connected && phase != .stopped && phase != .stoppingSlots }

    /// `READY` as it goes out now. `busy` counts the slots still held by jobs the coordinator cannot
    /// match after a reconnect: those running and those whose reports are about to follow. A worker
    /// past SIGTERM registers as draining: its reports are accepted, and it gets no jobs.
    var registration: Ready {
        var ready = settings.registration
        let busy = running.count + unsent.count
        ready.busy = busy > 0 ? busy : nil
        ready.draining = phase == .running ? nil : true
        return ready
    }

    // MARK: - Start-up and the connection

    /// Start-up: register.
    mutating func start() -> [WorkerAction] {
        [.send(.ready(registration))]
    }

    /// A message left for the coordinator (the socket took it): it counts as a heartbeat.
    mutating func onSent(now: Double) {
        lastSent = now
    }

    /// A message from the coordinator. Any message, even one that cannot be read, proves it is alive.
    mutating func onMessage(_ frames: [[UInt8]], now: Double) -> [WorkerAction] {
        switch phase {
        case .running, .draining:
            guard connected else { return [] }
            lastHeard = now
            reconnectAttempt = 0
            let command: CoordinatorCommand
            do {
                command = try CoordinatorCommand.decode(frames)
            } catch {
                return [.malformed(error)]
            }
            return handle(command)
        case .awaitingGoodbye:
            // Only the answer to DISCONNECT matters now; jobs arriving are handed back by the coordinator.
            guard case .disconnect? = try? CoordinatorCommand.decode(frames) else { return [] }
            return leave()
        case .stoppingSlots, .stopped:
            return []
        }
    }

    private mutating func handle(_ command: CoordinatorCommand) -> [WorkerAction] {
        switch command {
        case .job(let job, let body):
            // While draining, jobs already on the wire are not started; DISCONNECT hands them back.
            guard phase == .running else { return [] }
            running.insert(JobAttempt(job))
            return [.start(job, body: body)]
        case .heartbeat:
            return []
        case .disconnect(let reason):
            // "goodbye" answers our own DISCONNECT at the end of a drain.
            guard reason != "goodbye" else { return [] }
            return [.registeringAgain(reason: reason), .send(.ready(registration))]
        case .error(let error):
            return [.refused(error)]
        }
    }

    /// The new socket is open: register again, then send the reports kept meanwhile, in order. If the
    /// coordinator stays silent, liveness trips again and the next delay's bound doubles.
    mutating func onConnected(now: Double) -> [WorkerAction] {
        lastHeard = now
        connected = true
        // `registration` counts the kept reports as busy slots, so it is built before they go.
        let actions = [WorkerAction.send(.ready(registration))] + unsent.map { .forward($0) }
        unsent.removeAll()
        return actions
    }

    /// No socket could be opened: try again after the longest reconnect delay.
    mutating func onConnectFailed(now: Double) {
        nextReconnect = now + settings.reconnectMaxDelay
    }

    // MARK: - Jobs

    /// A job's report from its slot (`RESULT` or `FAILED`, as frames): forwarded now, or kept until the
    /// worker is registered again.
    mutating func onOutcome(for job: JobAssignment, frames: [[UInt8]]) -> [WorkerAction] {
        running.remove(JobAttempt(job))
        guard connected else {
            unsent.append(frames)
            return []
        }
        return [.forward(frames)]
    }

    // MARK: - Time

    /// Called once per turn of the shell: liveness, heartbeat, reconnect, and the ends of the drain and
    /// of the wait for goodbye.
    mutating func onTick(now: Double) -> [WorkerAction] {
        switch phase {
        case .running, .draining:
            var actions: [WorkerAction] = []
            if connected {
                if now - lastHeard > settings.silenceLimit {
                    // Drop the socket and whatever it queued; reports wait in `unsent` until we are back.
                    connected = false
                    reconnectAttempt += 1
                    let delay = settings.reconnectDelayBound(attempt: reconnectAttempt) * unitRandom()
                    nextReconnect = now + delay
                    actions.append(.dropConnection(attempt: reconnectAttempt, delay: delay))
                } else if now - lastSent >= settings.heartbeatInterval || now - lastStats >= settings.statsInterval {
                    lastStats = now
                    actions.append(.heartbeat)
                }
            }
            if !connected && now >= nextReconnect {
                actions.append(.connect)
            }
            if case .draining(let deadline) = phase, running.isEmpty || now >= deadline {
                actions += endDrain()
            }
            return actions
        case .awaitingGoodbye(let deadline):
            guard now >= deadline else { return [] }
            return [.goodbyeMissing] + leave()
        case .stoppingSlots, .stopped:
            return []
        }
    }

    // MARK: - Drain

    /// SIGTERM: stop taking jobs; running ones may finish within the drain timeout.
    /// - Parameter notStarted: jobs the pool had queued and will never start (the coordinator gets them
    ///   back on `DISCONNECT`).
    mutating func onStop(notStarted: [JobAssignment], now: Double) -> [WorkerAction] {
        guard phase == .running else { return [] }
        var actions: [WorkerAction] = [.drainStarted(running: running.count)]
        if connected { actions.append(.send(.draining)) }
        for job in notStarted { running.remove(JobAttempt(job)) }
        let deadline = now + settings.drainTimeout
        phase = .draining(deadline: deadline)
        if running.isEmpty || now >= deadline { actions += endDrain() }
        return actions
    }

    /// The slot processes are gone: say goodbye if connected, else stop at once.
    mutating func onSlotsStopped(now: Double) -> [WorkerAction] {
        guard phase == .stoppingSlots else { return [] }
        guard connected else {
            phase = .stopped
            return []
        }
        // The process exits right after, and libzmq could drop queued reports with it: wait for the answer.
        phase = .awaitingGoodbye(deadline: now + settings.goodbyeTimeout)
        return [.send(.disconnect)]
    }

    /// The drain is over, finished or timed out: jobs still running are abandoned with their processes.
    private mutating func endDrain() -> [WorkerAction] {
        phase = .stoppingSlots
        return (running.isEmpty ? [] : [.drainTimedOut(running: running.count)]) + [.stopSlots]
    }

    private mutating func leave() -> [WorkerAction] {
        phase = .stopped
        connected = false
        return [.closeConnection]
    }
}
