#if canImport(Glibc)
    import Glibc
#endif

/// Which resolved addresses a fetch may connect to. By default only public unicast ones: a URL a stranger
/// submits must not reach the worker's own machine, its network, or cloud metadata services. The check runs
/// on the address actually connected to, after DNS and on every redirect, so a name that resolves to a
/// private address (or changes its answer between two lookups) is refused all the same.
public enum AddressPolicy {
    /// Whether an IPv4 address (4 bytes, network order) is loopback, private, link-local, shared, multicast,
    /// reserved, or reserved for documentation or benchmarks.
    public static func isSpecial(ipv4 a: [UInt8]) -> Bool {
        guard a.count == 4 else { return true }
        switch (a[0], a[1], a[2]) {
        case (0, _, _), (10, _, _), (127, _, _): return true  // "this network", private, loopback
        case (100, 64...127, _): return true  // shared address space (carrier-grade NAT)
        case (169, 254, _): return true  // link-local, cloud metadata
        case (172, 16...31, _), (192, 168, _): return true  // private
        case (192, 0, 0), (192, 0, 2), (198, 51, 100), (203, 0, 113): return true  // IETF, documentation
        case (198, 18...19, _): return true  // benchmarking
        case (224...255, _, _): return true  // multicast, reserved, broadcast
        default: return false
        }
    }

    /// Whether an IPv6 address (16 bytes) is unspecified, loopback, unique-local, link-local, multicast, for
    /// documentation, or an IPv4 address in disguise (mapped, NAT64, 6to4, Teredo) whose IPv4 part is special.
    public static func isSpecial(ipv6 a: [UInt8]) -> Bool {
        guard a.count == 16 else { return true }
        let zeroPrefix = a[0..<10].allSatisfy { $0 == 0 }
        if zeroPrefix && a[10] == 0 && a[11] == 0 {
            return true  // ::, ::1 and the deprecated IPv4-compatible block
        }
        if zeroPrefix && a[10] == 0xFF && a[11] == 0xFF { return isSpecial(ipv4: Array(a[12..<16])) }  // mapped
        if a[0] == 0x00, a[1] == 0x64, a[2] == 0xFF, a[3] == 0x9B {
            return isSpecial(ipv4: Array(a[12..<16]))  // NAT64 64:ff9b::/96
        }
        if a[0] == 0x20, a[1] == 0x02 { return isSpecial(ipv4: Array(a[2..<6])) }  // 6to4 2002::/16
        if a[0] == 0x20, a[1] == 0x01, a[2] == 0x00, a[3] == 0x00 { return true }  // Teredo 2001::/32
        if a[0] == 0x20, a[1] == 0x01, a[2] == 0x0D, a[3] == 0xB8 { return true }  // documentation
        if a[0] & 0xFE == 0xFC { return true }  // unique local fc00::/7
        if a[0] == 0xFE, a[1] & 0xC0 == 0x80 { return true }  // link-local fe80::/10
        if a[0] == 0xFF { return true }  // multicast
        if a[0] == 0x01, a[1] == 0x00, a[2...7].allSatisfy({ $0 == 0 }) { return true }  // discard 100::/64
        return false
    }

    /// Whether a socket address may be connected to; anything but IPv4 and IPv6 is refused.
    static func isAllowed(_ address: UnsafePointer<sockaddr>, length: Int) -> Bool {
        switch Int32(address.pointee.sa_family) {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let bytes = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
            }
            return !isSpecial(ipv4: bytes)
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            let bytes = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
            }
            return !isSpecial(ipv6: bytes)
        default:
            return false
        }
    }
}
