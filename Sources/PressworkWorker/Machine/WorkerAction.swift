import PressworkProtocol

/// What the worker's shell (`WorkerLoop`) must do after the machine handled an event, in list order.
/// Actions that end in I/O whose outcome the machine needs (`connect`, `stopSlots`, every send) are
/// answered with the matching event (`onConnected`/`onConnectFailed`, `onSlotsStopped`, `onSent`).
enum WorkerAction: Sendable, Hashable {
    /// Send this command to the coordinator (`READY`, `DRAINING`, `DISCONNECT`).
    case send(WorkerCommand)
    /// Send a `HEARTBEAT` carrying the process's memory (the shell measures it: that is I/O).
    case heartbeat
    /// Send a job's report as its slot made it (`RESULT` or `FAILED`), now or replayed after a reconnect.
    case forward([[UInt8]])
    /// Hand the job to the slot pool.
    case start(JobAssignment, body: [UInt8])
    /// The coordinator fell silent: close the socket, dropping whatever it still queued, and log that a
    /// reconnect follows `attempt` (1-based) after `delay` seconds.
    case dropConnection(attempt: Int, delay: Double)
    /// Open a new socket (same routing id); answer with `onConnected(now:)` or `onConnectFailed(now:)`.
    case connect
    /// Close the socket at the end, lingering so queued reports and `DISCONNECT` get out.
    case closeConnection
    /// End every slot process; answer with `onSlotsStopped(now:)`.
    case stopSlots

    // Notices: the shell only logs them.

    /// A message from the coordinator could not be decoded and was dropped.
    case malformed(ProtocolError)
    /// The coordinator answered a message with `ERROR`.
    case refused(ErrorReply)
    /// The coordinator asked for `READY` again (a `send(.ready)` follows).
    case registeringAgain(reason: String)
    /// SIGTERM: the drain starts with this many jobs running.
    case drainStarted(running: Int)
    /// The drain timeout passed with this many jobs still running; they are abandoned, and the
    /// coordinator hands them back on `DISCONNECT`.
    case drainTimedOut(running: Int)
    /// No answer to `DISCONNECT` within the goodbye timeout.
    case goodbyeMissing
}
