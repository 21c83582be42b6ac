import ArgumentParser
import PressworkConfig

/// Where a setting's effective value came from, lowest precedence first.
enum ConfigSource: String, Sendable {
    case `default`, file, environment, flag
}

/// The settings of one component, in the order `--print-config` lists them. The `@Option`s of the
/// command take their name and help from here (`name(_:)`, `help(_:)`), and `resolve` layers the
/// values explicitly: flag, else environment, else file, else the default that `Root` holds.
struct SettingsTable<Root: Sendable, Flags>: Sendable {
    let settings: [Setting<Root, Flags>]
    /// Every setting at its default: the one place defaults are read from.
    let defaults: Root

    init(_ settings: [Setting<Root, Flags>], defaults: Root) {
        self.settings = settings
        self.defaults = defaults
    }

    /// The setting whose flag is the property `flag`; a flag without a setting is a programming error.
    func setting(_ flag: AnyKeyPath) -> Setting<Root, Flags> {
        guard let setting = settings.first(where: { $0.flag == flag }) else {
            preconditionFailure("no setting declares the flag \(flag)")
        }
        return setting
    }

    /// The `@Option` name of the setting whose flag is `flag`.
    func name(_ flag: AnyKeyPath) -> NameSpecification { .customLong(setting(flag).name) }

    /// The `--help` text of the setting whose flag is `flag`.
    /// The `--help` text of the setting whose flag is `flag`, with its default unless the text says it
    /// or it is a boolean flag (off unless given).
    func help(_ flag: AnyKeyPath) -> ArgumentHelp {
        let setting = setting(flag)
        var text = setting.help
        if setting.kind != .boolean, !text.lowercased().contains("default"), let value = setting.current(defaults) {
            text += " (default: \(value.textValue))"
        }
        return ArgumentHelp(text, valueName: setting.valueName ?? setting.name)
    }

    /// The file's view of these settings: the names and how each value is checked.
    var keys: [ConfigKey] {
        settings.map { setting in ConfigKey(name: setting.name, kind: setting.kind, check: setting.check) }
    }

    /// The settings of this run: each from its flag, else its environment variable, else the file's
    /// entry, else its default. Every value is checked before it is applied; a bad one is
    /// refused with where it came from.
    func resolve(
        flags: Flags, environment: [String: String], file: ConfigFile.Section? = nil
    ) throws(ValidationErrorText) -> ResolvedSettings<Root, Flags> {
        var resolved = ResolvedSettings(table: self, values: defaults, file: file?.path)
        for setting in settings {
            let value: TOML.Value
            let origin: ConfigOrigin
            if let flag = setting.flagValue(flags) {
                origin = ConfigOrigin(source: .flag, place: setting.option)
                value = try Self.checked(setting, text: flag.textValue, at: origin.place)
            } else if let text = environment[setting.environmentName], !text.isEmpty {
                origin = ConfigOrigin(source: .environment, place: setting.environmentName)
                value = try Self.checked(setting, text: text, at: origin.place)
            } else if let entry = file?.entries[setting.name] {
                // Typed and checked when the file was read.
                origin = ConfigOrigin(source: .file, place: entry.place)
                value = entry.value
            } else {
                continue
            }
            setting.apply(&resolved.values, value)
            resolved.origins[setting.name] = origin
        }
        return resolved
    }

    /// A flag's or a variable's text as a value of the setting's kind that passes its check.
    private static func checked(_ setting: Setting<Root, Flags>, text: String, at place: String)
        throws(ValidationErrorText) -> TOML.Value
    {
        switch setting.kind.value(ofText: text) {
        case .success(let value):
            if let problem = setting.accepted(value, text: text) {
                throw ValidationErrorText("\(place): \(problem.reason)")
            }
            return value
        case .failure(let problem): throw ValidationErrorText("\(place): \(problem.reason)")
        }
    }
}

/// Where one value came from: its source and the place to name in messages (`--retries`,
/// `PRESSWORK_RETRIES`, `presswork.toml:3: [coordinator] retries`).
struct ConfigOrigin: Sendable, Equatable {
    var source: ConfigSource
    var place: String
}

/// The effective settings of a run, with each one's origin for messages and `--print-config`.
struct ResolvedSettings<Root: Sendable, Flags> {
    let table: SettingsTable<Root, Flags>
    var values: Root
    /// The configuration file that was read, if any.
    let file: String?
    /// By setting name; a setting without an origin has its default.
    var origins: [String: ConfigOrigin] = [:]

    func source(of name: String) -> ConfigSource { origins[name]?.source ?? .default }

    /// Where a setting's value came from, to follow a message about it: "(from PRESSWORK_RETRIES)".
    func from(_ name: String) -> String { origins[name].map { " (from \($0.place))" } ?? "" }

    /// The effective settings as a `[command]` table, each with where it came from.
    func rendered(command: String) -> String {
        var lines = ["# presswork \(command): effective configuration" + (file.map { " (file: \($0))" } ?? "")]
        lines.append("[\(command)]")
        for setting in table.settings {
            let source = source(of: setting.name).rawValue
            if let value = setting.current(values) {
                lines.append("\(setting.name) = \(value)  # \(source)")
            } else {
                lines.append("# \(setting.name) is not set  # \(source)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension TOML.Value {
    /// The value as it would be typed on the command line, for messages.
    var textValue: String {
        switch self {
        case .string(let text): text
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        }
    }
}
