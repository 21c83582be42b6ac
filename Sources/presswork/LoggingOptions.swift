import ArgumentParser
import Logging
import PressworkLogging

/// How the long-running commands log: the defaults live here.
struct LoggingSettings: Sendable {
    /// How log lines are written to stderr.
    enum Format: String, CaseIterable, TextSettingValue {
        /// Plain text lines, control characters escaped (see `TextLogHandler`).
        case text
        /// One JSON object per line (see `JSONLogHandler`).
        case json

        init?(settingText: String) { self.init(rawValue: settingText) }
        var settingText: String { rawValue }
        static var malformed: String { "must be text or json" }
    }

    var level = Logger.Level.info
    var format = Format.text

    /// `log-level` and `log-format`, part of the coordinator's and the worker's tables.
    static let table = SettingsTable<Self, LoggingOptions>(
        [
            Setting(
                "log-level", \.level, flag: \.logLevel, help: "trace, debug, info, notice, warning, error or critical.",
                valueName: "level"),
            Setting(
                "log-format", \.format, flag: \.logFormat,
                help:
                    "text (default) or json: one JSON object per line with timestamp, level, label, message, metadata.",
                valueName: "format"),
        ], defaults: Self())

    func bootstrap() {
        let level = level
        let format = format
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch format {
                case .text: TextLogHandler.standardError(label: label)
                case .json: JSONLogHandler.standardError(label: label)
                }
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: TextSettingValue {
    init?(settingText: String) { self.init(rawValue: settingText) }
    var settingText: String { rawValue }
    static var malformed: String { "must be trace, debug, info, notice, warning, error or critical" }
}

/// `--log-level` and `--log-format` of the long-running commands (see `LoggingSettings.table`).
struct LoggingOptions: ParsableArguments {
    @Option(name: LoggingSettings.table.name(\Self.logLevel), help: LoggingSettings.table.help(\Self.logLevel))
    var logLevel: String?

    @Option(name: LoggingSettings.table.name(\Self.logFormat), help: LoggingSettings.table.help(\Self.logFormat))
    var logFormat: String?
}
