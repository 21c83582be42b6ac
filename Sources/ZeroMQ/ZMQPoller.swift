import CZeroMQ

/// Waits until one of several sockets, all owned by the calling thread, has a message to read.
public struct ZMQPoller {
    private var items: [zmq_pollitem_t]

    /// Polls `sockets` for input; the order of `poll`'s result matches.
    public init(_ sockets: [ZMQSocket]) {
        items = sockets.map { socket in
            zmq_pollitem_t(socket: socket.pollHandle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        }
    }

    /// Waits up to `milliseconds` (-1 forever, 0 not at all).
    /// - Returns: for each socket, whether it has input.
    public mutating func poll(milliseconds: Int) throws(ZMQError) -> [Bool] {
        let count = Int32(items.count)
        try zmqCall("zmq_poll") {
            items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, count, milliseconds) }
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
