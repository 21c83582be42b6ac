import ArgumentParser
import Foundation
import PressworkConfig

/// A setting as the configuration file sees it: its key and how a value is checked.
struct ConfigKey: Sendable {
    var name: String
    var kind: SettingKind
    /// Nil when a value of `kind` is acceptable, else the reason it is not.
    var check: @Sendable (TOML.Value) -> String?
}

/// The configuration file of `coordinator` and `worker`: a TOML subset with a `[coordinator]` and a
/// `[worker]` table whose keys are the settings' names. Every table is checked whichever command reads
/// the file, so a typo in the other table is found before that command starts.
struct ConfigFile {
    /// One key's value, typed and checked, with the place to name in messages.
    struct Entry: Sendable {
        var value: TOML.Value
        /// `presswork.toml:3: [coordinator] retries`.
        var place: String
    }

    /// One table of the file.
    struct Section: Sendable {
        var path: String
        var entries: [String: Entry] = [:]
    }

    /// The tables a file may hold, in the order messages list them.
    static let tables: [(name: String, keys: [ConfigKey])] = [
        ("coordinator", CoordinatorSettings.table.keys), ("worker", WorkerSettings.table.keys),
    ]

    /// The file named by `--config`, else by `PRESSWORK_CONFIG`, if any.
    static func path(option: String?, environment: [String: String]) -> String? {
        option ?? environment["PRESSWORK_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The table `section` of the file at `path`, after every table of the file was checked.
    static func section(_ section: String, of path: String) throws(ValidationErrorText) -> Section {
        let contents = try read(path)
        let entries: [TOML.Entry]
        do {
            entries = try TOML.parse(contents)
        } catch {
            throw ValidationErrorText("configuration file \(path): \(error)")
        }
        var result = Section(path: path)
        for entry in entries {
            guard let table = entry.table else {
                throw ValidationErrorText(
                    "\(path):\(entry.line): '\(entry.key)' is outside a table; put it under "
                        + tables.map { "[\($0.name)]" }.joined(separator: " or "))
            }
            guard let keys = tables.first(where: { $0.name == table })?.keys else {
                throw ValidationErrorText(
                    "\(path):\(entry.line): unknown table [\(table)]; the tables are "
                        + tables.map { "[\($0.name)]" }.joined(separator: " and "))
            }
            let place = "\(path):\(entry.line): [\(table)] \(entry.key)"
            guard let key = keys.first(where: { $0.name == entry.key }) else {
                throw ValidationErrorText(
                    "\(place): unknown key; [\(table)] takes \(keys.map(\.name).joined(separator: ", "))")
            }
            let value: TOML.Value
            switch key.kind.value(ofFile: entry.value) {
            case .success(let typed): value = typed
            case .failure(let problem): throw ValidationErrorText("\(place): \(problem.reason)")
            }
            if let reason = key.check(value) {
                throw ValidationErrorText("\(place): '\(entry.value.textValue)' \(reason)")
            }
            if table == section { result.entries[key.name] = Entry(value: value, place: place) }
        }
        return result
    }

    /// A configuration file's text, with a plain reason for what is not one: missing, a directory or a
    /// device, over 1 MiB, unreadable, not UTF-8. A UTF-8 byte-order mark is skipped.
    private static func read(_ path: String) throws(ValidationErrorText) -> String {
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
}

/// `--config` and `--print-config` of `coordinator` and `worker`.
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

    /// The table `command` of the file this run names, if it names one.
    func section(_ command: String, environment: [String: String]) throws(ValidationErrorText) -> ConfigFile.Section? {
        guard let path = ConfigFile.path(option: config, environment: environment) else { return nil }
        return try ConfigFile.section(command, of: path)
    }
}

/// A configuration problem, printed as is with exit status 2.
struct ValidationErrorText: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
