import Foundation
import PressworkPipeline
import PressworkProtocol

/// What came of processing one job.
public enum JobOutcome: Sendable, Hashable {
    /// The JSON result document, with the facts the coordinator aggregates (it never parses documents):
    /// the language code and the milliseconds spent in each pipeline stage.
    case result([UInt8], language: String? = nil, stagesMs: [String: Double]? = nil)
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
        do {
            let document = try document(
                for: job.article, id: job.job, body: body, worker: worker, host: host, attempt: job.attempt)
            return .result(
                document.jsonBytes(), language: document.language.code,
                stagesMs: document.processing.stagesMs?.byName)
        } catch {
            return .failure(code: error.code.name, message: error.message, retryable: error.isRetryable)
        }
    }

    /// Runs the pipeline on one article as the submitter described it, recording who processed it, when,
    /// and how long it took. `presswork process` uses this too, so local and cluster documents agree.
    public func document(
        for meta: ArticleMeta, id: String, body: [UInt8], worker: String, host: String, attempt: Int
    ) throws(PipelineError) -> ArticleDocument {
        let started = ContinuousClock.now
        let article = Article(
            id: id, articleId: meta.articleId, source: meta.source, url: meta.url, declaredLanguage: meta.lang,
            format: Article.Format(rawValue: meta.format.rawValue) ?? .auto, contentType: meta.contentType,
            bytes: body)
        var facts = ProcessingFacts(
            worker: worker, host: host, attempts: attempt, processedAt: ProcessingFacts.timestamp())
        var document = try pipeline.process(article, facts: facts)
        let elapsed = (ContinuousClock.now - started).components
        facts.durationMs = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        facts.stagesMs = document.processing.stagesMs
        document.processing = facts
        return document
    }
}
