import Foundation
import PressworkPipeline
import PressworkProtocol

/// What came of processing one job.
public enum JobOutcome: Sendable, Hashable {
    /// The JSON result document.
    case result([UInt8])
    /// The job failed; `retryable` says whether another attempt could succeed.
    case failure(code: String, message: String, retryable: Bool)
}

/// Runs jobs on the worker's processing threads; must be safe to call from several threads at once.
public protocol JobProcessor: Sendable {
    func process(_ job: JobAssignment, body: [UInt8], worker: String, host: String) -> JobOutcome
}

/// The article pipeline as a job processor.
public struct PipelineJobProcessor: JobProcessor {
    let pipeline: Pipeline
    let chaosFailSource: String?

    public init(pipeline: Pipeline, chaosFailSource: String? = nil) {
        self.pipeline = pipeline
        self.chaosFailSource = chaosFailSource
    }

    public func process(_ job: JobAssignment, body: [UInt8], worker: String, host: String) -> JobOutcome {
        if let chaosFailSource, job.article.source.contains(chaosFailSource) {
            return .failure(code: "chaos", message: "failed on purpose (--chaos-fail)", retryable: true)
        }
        let started = ContinuousClock.now
        let article = Article(
            id: job.job, articleId: job.article.articleId, source: job.article.source, url: job.article.url,
            declaredLanguage: job.article.lang, format: Article.Format(rawValue: job.article.format.rawValue) ?? .auto,
            contentType: job.article.contentType, bytes: body)
        var facts = ProcessingFacts(
            worker: worker, host: host, attempts: job.attempt, processedAt: ProcessingFacts.timestamp())
        do {
            var document = try pipeline.process(article, facts: facts)
            let elapsed = ContinuousClock.now - started
            facts.durationMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            document.processing = facts
            return .result(Array(document.jsonData()))
        } catch {
            return .failure(code: error.code.name, message: error.message, retryable: error.isRetryable)
        }
    }
}
