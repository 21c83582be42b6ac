/// Strings a peer sent, made safe for a terminal or a text log line.
///
/// A peer's strings (host names, sources, error messages) reach operators' terminals through `status`,
/// `dead` and the logs; escape sequences in them could clear the screen, write the clipboard (OSC 52) or
/// forge log lines. Everything below U+0020, U+007F…U+009F and the bidirectional overrides is shown as a
/// visible `\u{…}` escape instead.
public enum PeerText {
    /// `text` with control characters escaped; at most `maxCharacters` characters, then `…`.
    public static func escaped(_ text: String, maxCharacters: Int = .max) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= maxCharacters {
                out += "…"
                break
            }
            count += 1
            if isUnsafe(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `text` is at most `maxBytes` UTF-8 bytes with nothing `escaped` would change.
    public static func isPlain(_ text: String, maxBytes: Int) -> Bool {
        text.utf8.count <= maxBytes && !text.unicodeScalars.contains(where: isUnsafe)
    }

    /// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates, which can make
    /// a line read differently from what it holds.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7f...0x9f).contains(value) || (0x202a...0x202e).contains(value)
            || (0x2066...0x2069).contains(value)
    }
}
