import ArgumentParser
import Logging
import PressworkLogging

/// `--log-level` and `--log-format`, shared by the long-running commands.
struct LoggingOptions: ParsableArguments {
    /// How log lines are written to stderr.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        /// Plain text lines, control characters escaped (see `TextLogHandler`).
        case text
        /// One JSON object per line (see `JSONLogHandler`).
        case json
    }

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(
        name: .customLong("log-format"),
        help: "text (default) or json: one JSON object per line with timestamp, level, label, message, metadata.")
    var logFormat: Format = .text

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func bootstrap() {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let format = logFormat
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
