import CZeroMQ

/// A CURVE key pair in Z85 text (40 characters each), as `zmq_curve_keypair` makes it.
public struct CurveKeyPair: Sendable, Hashable {
    /// The public key, safe to share.
    public var publicKey: String
    /// The secret key, kept by its owner only.
    public var secretKey: String

    /// Generates a new key pair from libzmq's random source.
    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return CurveKeyPair(publicKey: text(publicKey), secretKey: text(secretKey))
    }
}

/// Z85 text ↔ 32-byte binary CURVE keys.
public enum Z85 {
    /// Decodes a 40-character Z85 key into 32 bytes; nil if malformed.
    public static func decodeKey(_ text: String) -> [UInt8]? {
        guard text.utf8.count == 40 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        let ok = out.withUnsafeMutableBufferPointer { zmq_z85_decode($0.baseAddress, text) != nil }
        return ok ? out : nil
    }

    /// Encodes 32 bytes as 40 characters of Z85.
    public static func encodeKey(_ key: [UInt8]) -> String? {
        guard key.count == 32 else { return nil }
        var out = [CChar](repeating: 0, count: 41)
        let ok = key.withUnsafeBufferPointer { zmq_z85_encode(&out, $0.baseAddress, 32) != nil }
        return ok ? text(out) : nil
    }
}

/// The text of a NUL-terminated C buffer.
func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
