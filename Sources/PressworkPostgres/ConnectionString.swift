/// The passwords in a libpq connection string (a `postgres://` URI or `key=value` pairs), found without libpq so
/// that even a string libpq rejects can be shown and its error messages cleaned.
struct ConnectionString {
    /// Stands for a password in everything shown.
    static let mask = "***"

    /// The string with every password replaced by `mask`; a `key=value` string too malformed to tell where its
    /// password is gives a placeholder instead.
    let redacted: String
    /// The passwords found, as written and percent-decoded: what must never be shown.
    let secrets: [String]

    init(_ text: String) {
        let lowered = text.lowercased()
        if let scheme = ["postgresql://", "postgres://"].first(where: { lowered.hasPrefix($0) }) {
            (redacted, secrets) = Self.redactURI(text, schemeLength: scheme.count)
        } else {
            (redacted, secrets) = Self.redactPairs(text)
        }
    }

    /// `message` with every secret replaced by `mask`.
    func scrub(_ message: String) -> String {
        var message = message
        // Longest first, so a password containing a shorter one is masked whole.
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            message = message.replacingAll(secret, with: Self.mask)
        }
        return message
    }

    /// As libpq reads a URI: the user info ends at the first `@` (before any `/`), its password after the first
    /// `:`; a `password` query parameter is a password too.
    private static func redactURI(_ text: String, schemeLength: Int) -> (String, [String]) {
        var secrets: [String] = []
        var result = String(text.prefix(schemeLength))
        var rest = Substring(text.dropFirst(schemeLength))
        if let end = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[end] == "@" {
            let userInfo = rest[..<end]
            if let colon = userInfo.firstIndex(of: ":") {
                let password = String(userInfo[userInfo.index(after: colon)...])
                secrets += [password, percentDecoded(password)]
                result += userInfo[...colon] + mask
            } else {
                result += userInfo
            }
            rest = rest[end...]
        }
        guard let question = rest.firstIndex(of: "?") else { return (result + rest, secrets) }
        result += rest[...question]
        let pairs = rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false)
        result += pairs.map { pair -> String in
            guard let equals = pair.firstIndex(of: "="), percentDecoded(String(pair[..<equals])) == "password"
            else { return String(pair) }
            let password = String(pair[pair.index(after: equals)...])
            secrets += [password, percentDecoded(password)]
            return pair[...equals] + mask
        }
        .joined(separator: "&")
        return (result, secrets)
    }

    /// As libpq reads `key = value` pairs: values are bare words or single-quoted, with `\` escaping the next
    /// character in both.
    private static func redactPairs(_ text: String) -> (String, [String]) {
        var secrets: [String] = []
        var parts: [String] = []
        var index = text.startIndex
        func skipSpaces() {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
        }
        while true {
            skipSpaces()
            guard index < text.endIndex else { break }
            let keyStart = index
            while index < text.endIndex, text[index] != "=", !text[index].isWhitespace {
                index = text.index(after: index)
            }
            let key = String(text[keyStart..<index])
            skipSpaces()
            guard index < text.endIndex, text[index] == "=" else { return ("(unreadable connection string)", []) }
            index = text.index(after: index)
            skipSpaces()
            let valueStart = index
            var value = ""
            let quoted = index < text.endIndex && text[index] == "'"
            if quoted { index = text.index(after: index) }
            var closed = !quoted
            while index < text.endIndex {
                var character = text[index]
                if quoted && character == "'" {
                    index = text.index(after: index)
                    closed = true
                    break
                }
                if !quoted && character.isWhitespace { break }
                if character == "\\" {
                    index = text.index(after: index)
                    guard index < text.endIndex else { break }
                    character = text[index]
                }
                value.append(character)
                index = text.index(after: index)
            }
            guard closed else { return ("(unreadable connection string)", []) }
            if key == "password" {
                secrets += [value, String(text[valueStart..<index])]
                parts.append("password=\(mask)")
            } else {
                parts.append("\(key)=\(text[valueStart..<index])")
            }
        }
        return (parts.joined(separator: " "), secrets)
    }

    /// `%XX` sequences decoded as UTF-8; a malformed sequence is kept as written.
    private static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, for the few short strings of an error message).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
