import Glibc

/// Removes the contents of `<script>` and `<style>` elements before parsing, keeping the elements.
///
/// Scripts and styles are nearly half the bytes of a news page, no stage reads them (JSON-LD aside), and
/// libxml2 reads raw text one character at a time: skipping them with `memchr` here cuts the parse by about
/// a third. JSON-LD scripts are kept whole; comments and other tags (with their quoted attribute values)
/// are skipped so that a `<script>` inside one is not taken for a script, and a tag closed by `/>` (which
/// libxml2 honours) has no content to remove. Attribute names starting with `@`, which libxml2 cannot
/// read, are renamed on the way.
enum RawTextStripper {
    /// The page without script and style contents; the input itself (no copy) when there are none.
    static func strip(_ html: [UInt8]) -> [UInt8] {
        html.withUnsafeBufferPointer { buffer -> [UInt8]? in
            guard let base = buffer.baseAddress else { return nil }
            return strip(base, count: buffer.count)
        } ?? html
    }

    private static func strip(_ base: UnsafePointer<UInt8>, count: Int) -> [UInt8]? {
        var output: [UInt8] = []
        var copied = 0
        var index = 0
        while let open = find(0x3C, in: base, from: index, count: count) {  // <
            if has("<!--", at: open, in: base, count: count) {
                guard let close = find("-->", in: base, from: open + 4, count: count) else { break }
                index = close + 3
                continue
            }
            guard let name = rawTextElement(at: open, in: base, count: count) else {
                // Any other start tag is skipped whole, quoted values included, so that a `<script`
                // inside an attribute value (embed codes in data attributes) is not taken for a tag.
                var atSigns: [Int] = []
                if open + 1 < count, isASCIILetter(base[open + 1]),
                    let tagEnd = endOfTag(in: base, from: open + 1, count: count, atSigns: &atSigns)
                {
                    index = tagEnd + 1
                    guard !atSigns.isEmpty else { continue }
                    // libxml2 cannot read an attribute named `@click` (Alpine.js, Vue) and ends the tag at the
                    // first `>` of its value (`() => …`), turning the rest of the tag into text: renamed `_click`.
                    if output.isEmpty { output.reserveCapacity(count) }
                    output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: index - copied))
                    for position in atSigns { output[output.count - (index - position)] = 0x5F }
                    copied = index
                } else {
                    index = open + 1
                }
                continue
            }
            guard let tagEnd = endOfTag(in: base, from: open + 1 + name.utf8.count, count: count) else { break }
            index = tagEnd + 1
            if base[tagEnd - 1] == 0x2F { continue }  // <script ... /> has no content
            if name == "script", isJSONLD(base, from: open, to: tagEnd) { continue }
            let closing = findClosing(name, in: base, from: tagEnd + 1, count: count) ?? count
            if output.isEmpty { output.reserveCapacity(count / 2) }
            output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: tagEnd + 1 - copied))
            copied = closing
            index = closing
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(start: base + copied, count: count - copied))
        return output
    }

    /// `script` or `style` when a start tag of one begins at `open`.
    private static func rawTextElement(at open: Int, in base: UnsafePointer<UInt8>, count: Int) -> String? {
        for name in ["script", "style"] {
            let end = open + 1 + name.utf8.count
            guard end < count, hasIgnoringCase(name, at: open + 1, in: base, count: count) else { continue }
            switch base[end] {
            case 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0x2F, 0x3E: return name
            default: continue
            }
        }
        return nil
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    /// The offset of the `>` that ends a start tag, skipping quoted attribute values.
    private static func endOfTag(in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        var unused: [Int] = []
        return endOfTag(in: base, from: start, count: count, atSigns: &unused)
    }

    /// ``endOfTag(in:from:count:)``, noting where an attribute name starts with `@`.
    private static func endOfTag(in base: UnsafePointer<UInt8>, from start: Int, count: Int, atSigns: inout [Int])
        -> Int?
    {
        var quote: UInt8 = 0
        var afterSpace = false
        var index = start
        while index < count {
            let byte = base[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                return index
            } else if byte == 0x40, afterSpace {
                atSigns.append(index)
            }
            afterSpace = quote == 0 && (byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C)
            index += 1
        }
        return nil
    }

    private static func isJSONLD(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index + 7 <= end {
            if hasIgnoringCase("ld+json", at: index, in: base, count: end) { return true }
            index += 1
        }
        return false
    }

    /// The offset of `</name` (any case) at or after `start`.
    private static func findClosing(_ name: String, in base: UnsafePointer<UInt8>, from start: Int, count: Int)
        -> Int?
    {
        var index = start
        while let open = find(0x3C, in: base, from: index, count: count) {
            if open + 1 < count, base[open + 1] == 0x2F, hasIgnoringCase(name, at: open + 2, in: base, count: count) {
                return open
            }
            index = open + 1
        }
        return nil
    }

    private static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        guard start < count, let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
    }

    private static func find(_ text: String, in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int? {
        let first = text.utf8.first ?? 0
        var index = start
        while let candidate = find(first, in: base, from: index, count: count) {
            if has(text, at: candidate, in: base, count: count) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private static func has(_ text: String, at start: Int, in base: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = start
        for byte in text.utf8 {
            guard index < count, base[index] == byte else { return false }
            index += 1
        }
        return true
    }

    /// Whether lowercase ASCII `text` is at `start`, ignoring ASCII case.
    private static func hasIgnoringCase(_ text: String, at start: Int, in base: UnsafePointer<UInt8>, count: Int)
        -> Bool
    {
        var index = start
        for byte in text.utf8 {
            guard index < count else { return false }
            let candidate = base[index]
            guard candidate == byte || (candidate >= 0x41 && candidate <= 0x5A && candidate | 0x20 == byte) else {
                return false
            }
            index += 1
        }
        return true
    }
}
