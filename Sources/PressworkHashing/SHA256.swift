import CCrypto

/// SHA-256 from the system's libcrypto (OpenSSL), which uses the CPU's SHA extensions where it has them.
/// Feed bytes with ``update(_:)``, then take ``finalize()``; or hash a string at once with ``hex(of:)``.
public struct SHA256: Sendable {
    /// OpenSSL's digest context, shared by copies of this value until one of them is updated.
    private final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        init(copying other: Context? = nil) {
            // Allocation failure is the only way these fail, and then nothing else would work either.
            guard let pointer = EVP_MD_CTX_new(),
                other.map({ EVP_MD_CTX_copy_ex(pointer, $0.pointer) }) ?? EVP_DigestInit_ex(pointer, EVP_sha256(), nil)
                    == 1
            else { preconditionFailure("libcrypto cannot set up a SHA-256 context") }
            self.pointer = pointer
        }

        deinit { EVP_MD_CTX_free(pointer) }
    }

    private var context = Context()

    public init() {}

    /// Adds bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) { context = Context(copying: context) }
        EVP_DigestUpdate(context.pointer, base, bytes.count)
    }

    /// Adds the UTF-8 bytes of `text` to the message.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The 32-byte digest of the message.
    /// Finishes a copy of the context, so copies of this value that share it are not disturbed.
    public consuming func finalize() -> [UInt8] {
        let finishing = isKnownUniquelyReferenced(&context) ? context : Context(copying: context)
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        digest.withUnsafeMutableBufferPointer { _ = EVP_DigestFinal_ex(finishing.pointer, $0.baseAddress, &length) }
        return digest
    }

    /// The SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hexadecimal digits.
    public static func hex(of text: String) -> String {
        var hasher = SHA256()
        hasher.update(text)
        return hex(hasher.finalize())
    }

    /// The SHA-256 of `bytes`, as 64 lowercase hexadecimal digits.
    public static func hex(ofBytes bytes: [UInt8]) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hex(hasher.finalize())
    }

    /// Bytes as lowercase hexadecimal digits, two per byte.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }
}
