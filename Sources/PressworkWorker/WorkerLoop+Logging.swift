import Logging
import PressworkLogging
import PressworkProtocol

extension WorkerLoop {
    /// Log metadata for a result: job, attempt, language and each stage's milliseconds (never article text).
    static func metadata(_ result: JobResult) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            LogKey.job: "\(result.job)", LogKey.attempt: "\(result.attempt)",
            LogKey.language: "\(result.language ?? "-")",
        ]
        for (stage, milliseconds) in result.stagesMs ?? [:] {
            metadata["presswork.stage.\(stage)_ms"] = "\(milliseconds)"
        }
        return metadata
    }

    /// Log metadata for a failure: job, attempt, code, the pipeline stage it points to, and the message.
    static func metadata(_ failure: JobFailure) -> Logger.Metadata {
        // The pipeline's codes each come from one stage.
        let stages = [
            "undecodable": "decode", "too-large": "decode", "parse-failure": "parse", "not-an-article": "extract",
        ]
        return [
            LogKey.job: "\(failure.job)", LogKey.attempt: "\(failure.attempt)",
            LogKey.error: "\(failure.code)", LogKey.stage: "\(stages[failure.code] ?? "-")",
            LogKey.message: "\(failure.message)", LogKey.retryable: "\(failure.retryable)",
        ]
    }
}
