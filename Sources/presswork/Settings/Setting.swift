import ArgumentParser
import PressworkConfig

/// How a setting's value is spelled in the file, the environment and on the command line.
enum SettingKind: Sendable {
    case string, integer, number, boolean

    /// What a value of this kind looks like in the configuration file, for messages.
    var expected: String {
        switch self {
        case .string: "a string (in quotes)"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "true or false"
        }
    }

    /// The value of a flag's or an environment variable's text, or the reason it is not one.
    func value(ofText text: String) -> Result<TOML.Value, SettingProblem> {
        switch self {
        case .string: return .success(.string(text))
        case .integer:
            guard let number = Int(text) else { return .failure(.init("must be an integer, got '\(text)'")) }
            return .success(.integer(number))
        case .number:
            guard let number = Double(text), number.isFinite else {
                return .failure(.init("must be a number, got '\(text)'"))
            }
            return .success(.float(number))
        case .boolean:
            switch text {
            case "true", "1": return .success(.boolean(true))
            case "false", "0": return .success(.boolean(false))
            default: return .failure(.init("must be true or false, got '\(text)'"))
            }
        }
    }

    /// A file's value in this kind (an integer is also a number), or the reason it is not one.
    func value(ofFile value: TOML.Value) -> Result<TOML.Value, SettingProblem> {
        switch (self, value) {
        case (.string, .string), (.integer, .integer), (.number, .float), (.boolean, .boolean): .success(value)
        case (.number, .integer(let number)): .success(.float(Double(number)))
        default: .failure(.init("must be \(expected), not \(value.kind) (\(value))"))
        }
    }
}

/// Why a value cannot be taken; the caller puts where it came from in front.
struct SettingProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A Swift type a setting can hold, with its spelling as a configuration value.
protocol SettingValue: Sendable {
    static var kind: SettingKind { get }
    /// The value, or nil when the text or number does not make one (then `malformed` says why).
    init?(settingValue: TOML.Value)
    var settingValue: TOML.Value { get }
    /// Follows the quoted value in a message, e.g. "is not an endpoint like tcp://HOST:PORT".
    static var malformed: String { get }
}

extension SettingValue {
    static var malformed: String { "is not \(kind.expected)" }
}

extension Int: SettingValue {
    static var kind: SettingKind { .integer }
    init?(settingValue: TOML.Value) {
        guard case .integer(let number) = settingValue else { return nil }
        self = number
    }
    var settingValue: TOML.Value { .integer(self) }
}

extension Double: SettingValue {
    static var kind: SettingKind { .number }
    init?(settingValue: TOML.Value) {
        guard case .float(let number) = settingValue else { return nil }
        self = number
    }
    var settingValue: TOML.Value { .float(self) }
}

extension Bool: SettingValue {
    static var kind: SettingKind { .boolean }
    init?(settingValue: TOML.Value) {
        guard case .boolean(let flag) = settingValue else { return nil }
        self = flag
    }
    var settingValue: TOML.Value { .boolean(self) }
}

extension String: SettingValue {
    static var kind: SettingKind { .string }
    init?(settingValue: TOML.Value) {
        guard case .string(let text) = settingValue else { return nil }
        self = text
    }
    var settingValue: TOML.Value { .string(self) }
}

/// A string setting whose text must parse as `Self`, e.g. an endpoint or a log level.
protocol TextSettingValue: SettingValue {
    init?(settingText: String)
    var settingText: String { get }
}

extension TextSettingValue {
    static var kind: SettingKind { .string }
    init?(settingValue: TOML.Value) {
        guard case .string(let text) = settingValue else { return nil }
        self.init(settingText: text)
    }
    var settingValue: TOML.Value { .string(settingText) }
}

/// A rule a value must follow beyond its type: nil when it does, else the reason it does not.
struct SettingCheck<Value>: Sendable {
    var reason: @Sendable (Value) -> String?

    static var none: Self { Self { _ in nil } }
    static func satisfies(_ reason: String, _ accepts: @escaping @Sendable (Value) -> Bool) -> Self {
        Self { accepts($0) ? nil : reason }
    }
}

extension SettingCheck where Value: Comparable & ExpressibleByIntegerLiteral & Sendable {
    static var positive: Self { .satisfies("must be greater than 0") { $0 > 0 } }
    static var nonNegative: Self { .satisfies("must be 0 or more") { $0 >= 0 } }
    static func within(_ range: ClosedRange<Value>, _ reason: String? = nil) -> Self {
        .satisfies(reason ?? "must be \(range.lowerBound) to \(range.upperBound)") { range.contains($0) }
    }
}

extension SettingCheck where Value == String {
    static var nonEmpty: Self { .satisfies("must not be empty") { !$0.isEmpty } }
}

/// One setting of a long-running command, declared once: its name is the long option, the key of the
/// configuration file's table and, as `PRESSWORK_NAME`, the environment variable; its default is whatever
/// `Root` holds before any layer is applied; `path` is where the value goes.
///
/// `Root` is the command's settings (the library's configuration struct and the few values the CLI turns
/// into more than one field); `Flags` is the ArgumentParser command whose optional property holds the flag.
struct Setting<Root, Flags>: Sendable {
    /// `job-timeout`.
    let name: String
    let kind: SettingKind
    let help: String
    let valueName: String?
    /// The property holding the flag, to find this setting from its `@Option` declaration (kept as is
    /// when lifted: the declaration looks it up in the table it was declared in).
    let flag: AnyKeyPath & Sendable
    /// The flag's value as given on the command line, nil when it was not given.
    let flagValue: @Sendable (Flags) -> TOML.Value?
    /// Nil when the value (of `kind`) is acceptable, else the reason it is not.
    let check: @Sendable (TOML.Value) -> String?
    let apply: @Sendable (inout Root, TOML.Value) -> Void
    /// The effective value for `--print-config`, nil when unset.
    let current: @Sendable (Root) -> TOML.Value?

    /// `PRESSWORK_JOB_TIMEOUT` for `job-timeout`.
    var environmentName: String { "PRESSWORK_" + name.uppercased().replacing("-", with: "_") }
    /// `--job-timeout`.
    var option: String { "--" + name }

    /// The value checked against its type and rule, or the reason it cannot be taken.
    func accepted(_ value: TOML.Value, text: String) -> SettingProblem? {
        check(value).map { SettingProblem("'\(text)' \($0)") }
    }

    /// The same setting inside a larger root and command, e.g. logging inside the coordinator's.
    func lifted<R, F>(root: WritableKeyPath<R, Root> & Sendable, flags: KeyPath<F, Flags> & Sendable) -> Setting<R, F> {
        let flagValue = flagValue
        let apply = apply
        let current = current
        return Setting<R, F>(
            name: name, kind: kind, help: help, valueName: valueName, flag: flag,
            flagValue: { flagValue($0[keyPath: flags]) }, check: check,
            apply: { apply(&$0[keyPath: root], $1) }, current: { current($0[keyPath: root]) })
    }
}

extension Setting {
    /// A setting whose value goes to `path` and whose flag is the optional text `flag`.
    init<Value: SettingValue>(
        _ name: String, _ path: WritableKeyPath<Root, Value> & Sendable, flag: KeyPath<Flags, String?> & Sendable,
        _ check: SettingCheck<Value> = .none, help: String, valueName: String? = nil
    ) {
        self.init(
            name: name, kind: Value.kind, help: help, valueName: valueName, flag: flag,
            flagValue: { $0[keyPath: flag].map(TOML.Value.string) }, check: Self.checker(check),
            apply: { root, value in Value(settingValue: value).map { root[keyPath: path] = $0 } },
            current: { $0[keyPath: path].settingValue })
    }

    /// A setting that is unset unless a layer sets it; `shown` is its effective value when that is computed.
    init<Value: SettingValue>(
        _ name: String, _ path: WritableKeyPath<Root, Value?> & Sendable, flag: KeyPath<Flags, String?> & Sendable,
        _ check: SettingCheck<Value> = .none, help: String, valueName: String? = nil,
        shown: (@Sendable (Root) -> TOML.Value?)? = nil
    ) {
        self.init(
            name: name, kind: Value.kind, help: help, valueName: valueName, flag: flag,
            flagValue: { $0[keyPath: flag].map(TOML.Value.string) }, check: Self.checker(check),
            apply: { root, value in root[keyPath: path] = Value(settingValue: value) },
            current: shown ?? { $0[keyPath: path]?.settingValue })
    }

    /// A boolean that the command line can only turn on (`--insecure`); the file and environment can
    /// also turn it off.
    init(
        _ name: String, _ path: WritableKeyPath<Root, Bool> & Sendable, flag: KeyPath<Flags, Bool> & Sendable,
        help: String
    ) {
        self.init(
            name: name, kind: .boolean, help: help, valueName: nil, flag: flag,
            flagValue: { $0[keyPath: flag] ? .boolean(true) : nil }, check: Self.checker(SettingCheck<Bool>.none),
            apply: { root, value in Bool(settingValue: value).map { root[keyPath: path] = $0 } },
            current: { $0[keyPath: path].settingValue })
    }

    private static func checker<Value: SettingValue>(_ check: SettingCheck<Value>) -> @Sendable (TOML.Value) -> String?
    {
        { value in
            guard let typed = Value(settingValue: value) else { return Value.malformed }
            return check.reason(typed)
        }
    }
}
