import Foundation

/// A CURVE key in a file, in ZeroMQ's certificate format (zcert, as CZMQ and pyzmq's
/// `zmq.auth.load_certificate` read it):
///
///     metadata
///     curve
///         public-key = "Z85…"
///         secret-key = "Z85…"
///
/// `NAME.key` holds both keys and is private (mode 0600); `NAME.pub` holds only the public key. A file
/// holding nothing but a 40-character Z85 key is read too (a secret key there also yields its public key).
public struct CurveCertificate: Sendable, Hashable {
    /// The public key (Z85).
    public var publicKey: String
    /// The secret key (Z85), present in secret files only.
    public var secretKey: String?

    /// A certificate of `publicKey`, with `secretKey` when it is a secret one.
    public init(publicKey: String, secretKey: String? = nil) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The key pair, when this certificate holds the secret key.
    public var keyPair: CurveKeyPair? {
        secretKey.map { CurveKeyPair(publicKey: publicKey, secretKey: $0) }
    }

    // MARK: Text

    /// The zcert text: with the secret key when `secret` is true, the public key alone otherwise.
    public func text(secret: Bool) -> String {
        var lines = [
            "#   ZeroMQ CURVE \(secret ? "**Secret** " : "Public ")Certificate (written by presswork keygen)",
            secret
                ? "#   Keep this file private (mode 0600); give NAME.pub, never this file, to others."
                : "#   Give this file to the peers that must know this key.",
            "", "metadata", "curve", "    public-key = \"\(publicKey)\"",
        ]
        if secret, let secretKey { lines.append("    secret-key = \"\(secretKey)\"") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads zcert text or a bare Z85 key.
    /// - Parameter bareKeyIsSecret: how to read a file that holds nothing but one Z85 key.
    public static func parse(_ text: String, bareKeyIsSecret: Bool) throws(CurveKeyFileError) -> CurveCertificate {
        var publicKey: String?
        var secretKey: String?
        // A bare key first: Z85 has '#' and '=' in its alphabet, so a key can look like a comment.
        let whole = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if whole.utf8.count == 40 && Z85.decodeKey(whole) != nil {
            if bareKeyIsSecret { secretKey = whole } else { publicKey = whole }
        } else {
            for rawLine in text.split(whereSeparator: \.isNewline) {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
                let name = line[..<equals].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                if name == "public-key" { publicKey = value }
                if name == "secret-key" { secretKey = value }
            }
        }
        if let secret = secretKey {
            guard let pair = CurveKeyPair.derive(fromSecretKey: secret) else {
                throw CurveKeyFileError("the secret key is not 40 characters of Z85")
            }
            if let publicKey, publicKey != pair.publicKey {
                throw CurveKeyFileError("the public key does not belong to the secret key")
            }
            return CurveCertificate(publicKey: pair.publicKey, secretKey: secret)
        }
        guard let publicKey else { throw CurveKeyFileError("no public-key or secret-key line") }
        guard Z85.decodeKey(publicKey) != nil else {
            throw CurveKeyFileError("the public key is not 40 characters of Z85")
        }
        return CurveCertificate(publicKey: publicKey)
    }

    // MARK: Files

    /// Reads a secret key file, refusing one that group or others may access (the key would be exposed).
    public static func loadSecret(path: String) throws(CurveKeyFileError) -> CurveCertificate {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CurveKeyFileError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & 0o077 != 0 {
            throw CurveKeyFileError(
                "\(path) is open to group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)"
            )
        }
        let certificate = try parse(path: path, bareKeyIsSecret: true)
        guard certificate.keyPair != nil else { throw CurveKeyFileError("\(path) holds no secret key") }
        return certificate
    }

    /// Reads a public key from a `.pub` file (or the public half of a `.key` file).
    public static func loadPublic(path: String) throws(CurveKeyFileError) -> CurveCertificate {
        let certificate = try parse(path: path, bareKeyIsSecret: false)
        return CurveCertificate(publicKey: certificate.publicKey)
    }

    /// Writes `NAME.key` (mode 0600, created so) and `NAME.pub` into `directory`, refusing to overwrite.
    /// - Returns: the paths written, secret first.
    @discardableResult
    public func write(directory: String, name: String) throws(CurveKeyFileError) -> (secret: String, public: String) {
        guard secretKey != nil else { throw CurveKeyFileError("a certificate without its secret key") }
        let base = (directory as NSString).appendingPathComponent(name)
        let secretPath = base + ".key"
        let publicPath = base + ".pub"
        try Self.create(secretPath, text(secret: true), mode: 0o600)
        try Self.create(publicPath, text(secret: false), mode: 0o644)
        return (secretPath, publicPath)
    }

    private static func parse(path: String, bareKeyIsSecret: Bool) throws(CurveKeyFileError) -> CurveCertificate {
        do {
            return try parse(try read(path), bareKeyIsSecret: bareKeyIsSecret)
        } catch {
            throw error.description.hasPrefix("cannot read") ? error : CurveKeyFileError("\(path): \(error)")
        }
    }

    private static func read(_ path: String) throws(CurveKeyFileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CurveKeyFileError("cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func create(_ path: String, _ text: String, mode: mode_t) throws(CurveKeyFileError) {
        // O_EXCL: never replace a key someone already distributed; the mode is set at creation, so the
        // secret is never readable by others, not even for a moment.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw CurveKeyFileError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw CurveKeyFileError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A key file that cannot be read, written or trusted; the message names the file.
public struct CurveKeyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
