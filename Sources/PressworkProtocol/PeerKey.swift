/// Turns a ZeroMQ routing id into a printable key and back: printable ASCII as is, anything else as
/// `0x` and hex (libzmq's generated ids start with a zero byte).
public enum PeerKey {
    public static func key(for routingId: [UInt8]) -> String {
        if !routingId.isEmpty, routingId.allSatisfy({ (0x21...0x7e).contains($0) }),
            routingId.first != 0x30 || routingId.count < 2 || routingId[1] != 0x78
        {
            return String(decoding: routingId, as: UTF8.self)
        }
        return "0x" + routingId.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
