import Foundation

/// A strict reader of the Prometheus text exposition format 0.0.4, for tests: it parses every line and
/// checks the rules a scraper relies on, so a test fails on output Prometheus would reject or misread.
///
/// Checked: `# HELP` and `# TYPE` at most once per family and before its samples; a family's samples
/// contiguous; metric and label names well formed; label values properly escaped; values that parse; no
/// two samples with the same name and labels; counters named `_total`; histograms with ascending `le`
/// buckets, cumulative counts, a `+Inf` bucket equal to `_count`, and a `_sum`.
public struct PrometheusExposition: Sendable {
    public struct Sample: Sendable, Hashable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public struct Family: Sendable {
        public var name: String
        public var type: String
        public var help: String?
        public var samples: [Sample] = []
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Families in the order they appear.
    public private(set) var families: [Family] = []

    /// The family called `name`.
    public func family(_ name: String) -> Family? { families.first { $0.name == name } }

    /// The value of the sample `name` with exactly these labels.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        for family in families {
            if let sample = family.samples.first(where: { $0.name == name && $0.labels == labels }) {
                return sample.value
            }
        }
        return nil
    }

    /// Parses and checks `text`.
    public init(parsing text: String) throws(ParseError) {
        guard text.isEmpty || text.hasSuffix("\n") else { throw ParseError(line: 0, reason: "no final line feed") }
        var seenSeries: Set<String> = []
        var closed: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let number = index + 1
            let line = String(raw)
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE"].contains(parts[1]) else { continue }
                let name = parts[2]
                guard Self.isMetricName(name) else { throw ParseError(line: number, reason: "bad name '\(name)'") }
                if families.last?.name != name {
                    guard !closed.contains(name), family(name) == nil else {
                        throw ParseError(line: number, reason: "family \(name) is not contiguous")
                    }
                    if let last = families.last?.name { closed.insert(last) }
                    families.append(Family(name: name, type: "untyped"))
                }
                let rest = parts.count > 3 ? parts[3] : ""
                if parts[1] == "TYPE" {
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(rest) else {
                        throw ParseError(line: number, reason: "unknown type '\(rest)'")
                    }
                    guard families[families.count - 1].samples.isEmpty else {
                        throw ParseError(line: number, reason: "TYPE after samples of \(name)")
                    }
                    families[families.count - 1].type = rest
                } else {
                    guard families[families.count - 1].help == nil else {
                        throw ParseError(line: number, reason: "second HELP for \(name)")
                    }
                    families[families.count - 1].help = rest
                }
                continue
            }
            let sample = try Self.sample(line, number: number)
            let key = sample.name + "{" + sample.labels.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined() + "}"
            guard seenSeries.insert(key).inserted else {
                throw ParseError(line: number, reason: "duplicate series \(key)")
            }
            guard let last = families.last, Self.belongs(sample.name, to: last) else {
                throw ParseError(line: number, reason: "sample \(sample.name) outside its family")
            }
            families[families.count - 1].samples.append(sample)
        }
        for family in families { try Self.check(family) }
    }

    private static func belongs(_ sample: String, to family: Family) -> Bool {
        if sample == family.name { return family.type != "histogram" }
        guard family.type == "histogram" || family.type == "summary" else { return false }
        return ["_bucket", "_sum", "_count"].contains { sample == family.name + $0 }
    }

    private static func check(_ family: Family) throws(ParseError) {
        if family.type == "counter" && !family.name.hasSuffix("_total") {
            throw ParseError(line: 0, reason: "counter \(family.name) does not end in _total")
        }
        guard family.type == "histogram" else { return }
        // Group by the labels other than `le`.
        var series: [[String: String]: [Sample]] = [:]
        for sample in family.samples {
            var labels = sample.labels
            labels["le"] = nil
            series[labels, default: []].append(sample)
        }
        for (labels, samples) in series {
            let buckets = samples.filter { $0.name == family.name + "_bucket" }
            guard let count = samples.first(where: { $0.name == family.name + "_count" })?.value,
                samples.contains(where: { $0.name == family.name + "_sum" })
            else { throw ParseError(line: 0, reason: "\(family.name)\(labels) lacks _count or _sum") }
            var previousBound = -Double.infinity
            var previousCount = 0.0
            for bucket in buckets {
                guard let le = bucket.labels["le"], let bound = le == "+Inf" ? .infinity : Double(le) else {
                    throw ParseError(line: 0, reason: "\(family.name) bucket without a valid le")
                }
                guard bound > previousBound, bucket.value >= previousCount else {
                    throw ParseError(line: 0, reason: "\(family.name)\(labels) buckets not ascending and cumulative")
                }
                previousBound = bound
                previousCount = bucket.value
            }
            guard previousBound == .infinity, previousCount == count else {
                throw ParseError(line: 0, reason: "\(family.name)\(labels): +Inf bucket missing or not equal to _count")
            }
        }
    }

    private static func sample(_ line: String, number: Int) throws(ParseError) -> Sample {
        var rest = Substring(line)
        let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard isMetricName(name) else { throw ParseError(line: number, reason: "bad sample line '\(line)'") }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let label = String(rest.prefix { $0 != "=" })
                guard isLabelName(label), rest.dropFirst(label.count).hasPrefix("=\"") else {
                    throw ParseError(line: number, reason: "bad label in '\(line)'")
                }
                rest = rest.dropFirst(label.count + 2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw ParseError(line: number, reason: "bad escape in '\(line)'")
                        }
                        rest = rest.dropFirst()
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw ParseError(line: number, reason: "unterminated label value") }
                rest = rest.dropFirst()
                guard labels.updateValue(value, forKey: label) == nil else {
                    throw ParseError(line: number, reason: "label \(label) twice")
                }
                if rest.first == "," {
                    rest = rest.dropFirst()
                } else if rest.first != "}" {
                    throw ParseError(line: number, reason: "bad label list in '\(line)'")
                }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { throw ParseError(line: number, reason: "no value in '\(line)'") }
        let fields = rest.dropFirst().split(separator: " ")
        guard (1...2).contains(fields.count), let value = Self.value(String(fields[0])) else {
            throw ParseError(line: number, reason: "bad value in '\(line)'")
        }
        if fields.count == 2 && Int64(fields[1]) == nil {
            throw ParseError(line: number, reason: "bad timestamp in '\(line)'")
        }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func value(_ text: String) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) } ? Double(text) : nil
        }
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" || first == ":" else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == ":" }
    }

    static func isLabelName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
