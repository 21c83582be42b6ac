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

    /// The key pair whose secret key is `secretKey` (Z85); nil if that is not a valid key.
    public static func derive(fromSecretKey secretKey: String) -> CurveKeyPair? {
        guard Z85.decodeKey(secretKey) != nil else { return nil }
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else { return nil }
        return CurveKeyPair(publicKey: text(publicKey), secretKey: secretKey)
    }
}

/// What a CURVE client needs: its own key pair and the server's public key, all checked to be keys.
public struct CurveClientCredentials: Sendable, Hashable {
    /// This peer's key pair.
    public var keyPair: CurveKeyPair
    /// The server's public key (Z85).
    public var serverPublicKey: String

    /// Checks that every key is 40 characters of Z85 and the public key matches the secret one.
    public init(keyPair: CurveKeyPair, serverPublicKey: String) throws(ZMQError) {
        guard Z85.decodeKey(serverPublicKey) != nil else {
            throw ZMQError(code: .invalidArgument, operation: "server public key is not 40 characters of Z85")
        }
        guard let derived = CurveKeyPair.derive(fromSecretKey: keyPair.secretKey), derived == keyPair else {
            throw ZMQError(code: .invalidArgument, operation: "public and secret keys are not one CURVE key pair")
        }
        self.keyPair = keyPair
        self.serverPublicKey = serverPublicKey
    }

    var serverPublicKeyBytes: [UInt8] { Z85.decodeKey(serverPublicKey) ?? [] }
    var keyPairBytes: (public: [UInt8], secret: [UInt8]) {
        (Z85.decodeKey(keyPair.publicKey) ?? [], Z85.decodeKey(keyPair.secretKey) ?? [])
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
