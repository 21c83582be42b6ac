import ArgumentParser
import Foundation
import Logging
import PressworkConfig
import PressworkCoordinator
import ZeroMQ

/// Where a setting of `coordinator` or `worker` came from, lowest precedence first.
enum ConfigSource: String {
    case `default`, file, environment, flag
}

/// One key of the configuration file: the long option it stands for, and what it accepts.
struct ConfigKey: Sendable {
    enum Kind: Sendable {
        case string, integer, number, boolean
    }

    var name: String
    var kind: Kind
    /// Nil when the value is acceptable, else the reason it is not.
    var check: @Sendable (String) -> String? = { _ in nil }

    /// `PRESSWORK_JOB_TIMEOUT` for `job-timeout`.
    var environmentName: String { "PRESSWORK_" + name.uppercased().replacingOccurrences(of: "-", with: "_") }
}

/// The configuration file and environment of `presswork coordinator` and `presswork worker`, turned into
/// options placed before the command line's own: ArgumentParser keeps the last value of an option, so
/// flags override the environment, which overrides the file, which overrides the defaults. Every key is
/// the long option of the same name, so the file, `PRESSWORK_*` variables and `--help` share one
/// vocabulary, and `--print-config` shows what was taken from where.
enum ConfigLayers {
    static let positive: @Sendable (String) -> String? = {
        Double($0).map { $0 > 0 } == true ? nil : "must be greater than 0"
    }
    static let nonNegative: @Sendable (String) -> String? = {
        Double($0).map { $0 >= 0 } == true ? nil : "must be 0 or more"
    }
    static let endpoint: @Sendable (String) -> String? = {
        Endpoint($0) == nil ? "is not an endpoint like tcp://HOST:PORT or ipc://PATH" : nil
    }
    static let logLevel: @Sendable (String) -> String? = {
        Logger.Level(rawValue: $0) == nil ? "must be trace, debug, info, notice, warning, error or critical" : nil
    }
    static let logFormat: @Sendable (String) -> String? = {
        ["text", "json"].contains($0) ? nil : "must be text or json"
    }
    static let nonEmpty: @Sendable (String) -> String? = { $0.isEmpty ? "must not be empty" : nil }

    static let logging = [
        ConfigKey(name: "log-level", kind: .string, check: logLevel),
        ConfigKey(name: "log-format", kind: .string, check: logFormat),
    ]

    /// The keys of `[coordinator]`, in the order `--print-config` lists them.
    static let coordinator: [ConfigKey] =
        [
            ConfigKey(name: "bind", kind: .string, check: endpoint),
            ConfigKey(name: "data", kind: .string, check: nonEmpty),
            ConfigKey(name: "heartbeat", kind: .number, check: positive),
            ConfigKey(name: "liveness", kind: .integer, check: positive),
            ConfigKey(name: "job-timeout", kind: .number, check: positive),
            ConfigKey(name: "retries", kind: .integer, check: nonNegative),
            ConfigKey(name: "retry-base", kind: .number, check: nonNegative),
            ConfigKey(
                name: "retry-multiplier", kind: .number,
                check: { Double($0).map { $0 >= 1 } == true ? nil : "must be 1 or more" }),
            ConfigKey(name: "retry-max", kind: .number, check: nonNegative),
            ConfigKey(name: "prefetch", kind: .integer, check: positive),
            ConfigKey(name: "max-article-bytes", kind: .integer, check: positive),
            ConfigKey(name: "server-key", kind: .string, check: nonEmpty),
            ConfigKey(name: "worker-keys", kind: .string, check: nonEmpty),
            ConfigKey(name: "client-keys", kind: .string, check: nonEmpty),
            ConfigKey(name: "insecure", kind: .boolean),
            ConfigKey(name: "handshake-timeout", kind: .number, check: positive),
            ConfigKey(name: "max-pending-per-client", kind: .integer, check: positive),
            ConfigKey(name: "max-pending-mib-per-client", kind: .integer, check: positive),
            ConfigKey(name: "min-free-disk-mib", kind: .integer, check: nonNegative),
            ConfigKey(
                name: "http", kind: .string, check: { HTTPAddress($0) == nil ? "is not HOST:PORT, :PORT or PORT" : nil }
            ),
        ] + logging

    /// The keys of `[worker]`.
    static let worker: [ConfigKey] =
        [
            ConfigKey(name: "connect", kind: .string, check: endpoint),
            ConfigKey(name: "key", kind: .string, check: nonEmpty),
            ConfigKey(name: "server-public-key", kind: .string, check: nonEmpty),
            ConfigKey(name: "concurrency", kind: .integer, check: positive),
            ConfigKey(name: "id", kind: .string, check: nonEmpty),
            ConfigKey(name: "heartbeat", kind: .number, check: positive),
            ConfigKey(name: "liveness", kind: .integer, check: positive),
            ConfigKey(name: "drain-timeout", kind: .number, check: nonNegative),
            ConfigKey(name: "max-article-bytes", kind: .integer, check: positive),
            ConfigKey(name: "slot-memory-limit", kind: .integer, check: nonNegative),
            ConfigKey(name: "tokens", kind: .boolean),
        ] + logging

    static func keys(for command: String) -> [ConfigKey]? {
        switch command {
        case "coordinator": coordinator
        case "worker": worker
        default: nil
        }
    }

    /// Sources of the settings of this run, for `--print-config`; filled in by `expand` before parsing.
    nonisolated(unsafe) static var sources: [String: ConfigSource] = [:]
    /// The file that was read, if any.
    nonisolated(unsafe) static var file: String?

    /// The arguments with the file's and the environment's settings inserted after the command name.
    /// Other commands' arguments are returned unchanged.
    static func expand(_ arguments: [String], environment: [String: String]) throws(ValidationErrorText) -> [String] {
        guard let command = arguments.first, let keys = keys(for: command) else { return arguments }
        let given = Array(arguments.dropFirst())
        // Help is shown whatever the configuration holds, even a broken file.
        if given.contains(where: { $0 == "--help" || $0 == "-h" }) { return arguments }
        // One value per key, the environment's over the file's, so that `PRESSWORK_INSECURE=false` can turn
        // off what the file turned on (a flag can only turn it on: there are no --no-... flags).
        var values: [String: String] = [:]
        var sources: [String: ConfigSource] = [:]
        if let path = configPath(given) ?? environment["PRESSWORK_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            file = path
            for (key, value) in try fileSettings(path, section: command, keys: keys) {
                values[key.name] = value
                sources[key.name] = .file
            }
        }
        for key in keys {
            guard let raw = environment[key.environmentName], !raw.isEmpty else { continue }
            values[key.name] = try checked(key, raw, from: key.environmentName)
            sources[key.name] = .environment
        }
        for argument in given where argument.hasPrefix("--") {
            let name = String(argument.dropFirst(2).prefix { $0 != "=" })
            if keys.contains(where: { $0.name == name }) { sources[name] = .flag }
        }
        Self.sources = sources
        let layered = keys.flatMap { key in values[key.name].map { option(key, $0) } ?? [] }
        return [command] + layered + given
    }

    /// `--config FILE` or `--config=FILE` among the command's arguments.
    private static func configPath(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--config", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--config=") { return String(argument.dropFirst("--config=".count)) }
        }
        return nil
    }

    private static func fileSettings(_ path: String, section: String, keys: [ConfigKey]) throws(ValidationErrorText)
        -> [(ConfigKey, String)]
    {
        let contents = try readConfigurationFile(path)
        let entries: [TOML.Entry]
        do {
            entries = try TOML.parse(contents)
        } catch {
            throw ValidationErrorText("configuration file \(path): \(error)")
        }
        var settings: [(ConfigKey, String)] = []
        for entry in entries {
            let place = "\(path):\(entry.line): [\(entry.table ?? "")] \(entry.key)"
            guard let table = entry.table else {
                throw ValidationErrorText(
                    "\(path):\(entry.line): '\(entry.key)' is outside a table; put it under [coordinator] or [worker]")
            }
            guard table == "coordinator" || table == "worker" else {
                throw ValidationErrorText(
                    "\(path):\(entry.line): unknown table [\(table)]; the tables are [coordinator] and [worker]")
            }
            // The other command's table is checked too, so a typo there is found before that command starts.
            let tableKeys = table == "coordinator" ? coordinator : worker
            guard let key = tableKeys.first(where: { $0.name == entry.key }) else {
                throw ValidationErrorText(
                    "\(place): unknown key; [\(table)] takes \(tableKeys.map(\.name).joined(separator: ", "))")
            }
            let value = try optionText(of: entry.value, for: key, at: place)
            _ = try checked(key, value, from: place)
            if table == section { settings.append((key, value)) }
        }
        return settings
    }

    /// A configuration file's text, with a plain reason for what is not one: missing, a directory or a
    /// device, over 1 MiB, unreadable, not UTF-8. A UTF-8 byte-order mark is skipped.
    private static func readConfigurationFile(_ path: String) throws(ValidationErrorText) -> String {
        let problem = { (reason: String) in ValidationErrorText("configuration file \(path): \(reason)") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw problem(String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw problem(info.st_mode & S_IFMT == S_IFDIR ? "is a directory, not a file" : "is not a regular file")
        }
        guard info.st_size <= 1 << 20 else {
            throw problem("is \(info.st_size) bytes; a configuration file is under 1 MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw problem("cannot be read (\(String(cString: strerror(EACCES))))")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw problem("is not UTF-8 text") }
        return text
    }

    /// The value as option text, if its TOML type suits the key.
    private static func optionText(of value: TOML.Value, for key: ConfigKey, at place: String)
        throws(ValidationErrorText)
        -> String
    {
        switch (key.kind, value) {
        case (.string, .string(let text)): return text
        case (.integer, .integer(let number)): return String(number)
        case (.number, .integer(let number)): return String(number)
        case (.number, .float(let number)): return String(number)
        case (.boolean, .boolean(let flag)): return flag ? "true" : "false"
        default:
            let wanted =
                switch key.kind {
                case .string: "a string (in quotes)"
                case .integer: "an integer"
                case .number: "a number"
                case .boolean: "true or false"
                }
            throw ValidationErrorText("\(place): must be \(wanted), not \(value.kind) (\(value))")
        }
    }

    private static func checked(_ key: ConfigKey, _ value: String, from place: String) throws(ValidationErrorText)
        -> String
    {
        switch key.kind {
        case .integer where Int(value) == nil:
            throw ValidationErrorText("\(place): must be an integer, got '\(value)'")
        case .number where Double(value).map(\.isFinite) != true:
            throw ValidationErrorText("\(place): must be a number, got '\(value)'")
        case .boolean where !["true", "false", "1", "0"].contains(value):
            throw ValidationErrorText("\(place): must be true or false, got '\(value)'")
        default: break
        }
        if let reason = key.check(value) { throw ValidationErrorText("\(place): '\(value)' \(reason)") }
        return value
    }

    private static func option(_ key: ConfigKey, _ value: String) -> [String] {
        switch key.kind {
        case .boolean: value == "true" || value == "1" ? ["--\(key.name)"] : []
        default: ["--\(key.name)=\(value)"]
        }
    }

    /// The effective settings as a `[command]` table, each with where it came from.
    static func render(command: String, values: [(String, TOML.Value?)]) -> String {
        var lines = ["# presswork \(command): effective configuration" + (file.map { " (file: \($0))" } ?? "")]
        lines.append("[\(command)]")
        for (name, value) in values {
            let source = sources[name] ?? .default
            if let value {
                lines.append("\(name) = \(value)  # \(source.rawValue)")
            } else {
                lines.append("# \(name) is not set  # \(source.rawValue)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `--config` and `--print-config` of `coordinator` and `worker`. The file itself is read by
/// `ConfigLayers.expand` before parsing; the option is declared so that `--help` lists it.
struct ConfigFileOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "TOML configuration file: its [coordinator] or [worker] table (default: $PRESSWORK_CONFIG)."
                + " PRESSWORK_<KEY> variables override it, and flags override both.",
            valueName: "file"))
    var config: String?

    @Flag(
        name: .customLong("print-config"),
        help: "Print the effective configuration, with where each value came from, and exit.")
    var printConfig = false
}

/// A configuration problem, printed as is with exit status 2.
struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
