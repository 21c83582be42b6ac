import Foundation
import PressworkPostgresStore
import PressworkProtocol
import PressworkStore

/// `presswork-bench joblist --data DIR [--jobs 1000000] [--store URL]`: fills a store with small jobs (most
/// done in a few languages, some dead with a few error codes, some queued), then times the dashboard's job
/// list (`GET /api/jobs`) for each kind of filter: the store query the coordinator runs, median and worst
/// of 11 runs of a 50-row page. `--fill no` queries a store an earlier run filled.
func jobListBench(_ arguments: Arguments) throws {
    guard let data = arguments.values["data"] else { throw BenchError("joblist needs --data DIR") }
    let jobs = arguments.int("jobs", 1_000_000)
    let store: any JournalStore =
        if let url = arguments.values["store"] {
            try PostgresStore(url: url, coordinator: "bench")
        } else {
            try JobStore(directory: data)
        }
    let languages = ["en", "de", "kk", "zh", "ru", "fr", "es", "ar"]
    let codes = ["undecodable", "http-404", "not-an-article"]
    let words = ["harbour", "council", "election", "tram", "library", "river", "market", "museum", "bridge", "school"]
    let start = now()
    var serial = arguments.values["fill"] == "no" ? jobs : 0
    let sampleId = String(0x1a00_0000_0000_0000 + jobs / 2, radix: 16)
    while serial < jobs {
        let batch = min(5_000, jobs - serial)
        var inserts: [JournalChange] = []
        var finishes: [JournalChange] = []
        for offset in 0..<batch {
            let n = serial + offset
            let id = String(0x1a00_0000_0000_0000 + n, radix: 16)
            let body = Array("Story \(n)\n\nThe \(words[n % words.count]) board met on day \(n).".utf8)
            inserts.append(
                .insert(
                    NewJob(
                        id: id, article: ArticleMeta(source: "story-\(n).txt", format: .text), body: body,
                        maxAttempts: 4, batch: "batch-\(n / 10_000)")))
            switch n % 50 {
            case 0...3:
                let error = AttemptError(
                    attempt: 1, worker: "w1", code: codes[n % codes.count], message: "failed",
                    at: "2026-12-07T00:00:00Z")
                finishes.append(.dead(job: id, error: error))
            case 4: break  // stays queued
            default:
                let document = """
                    {"id":"\(id)","title":"Story \(n)","text":"The \(words[n % words.count]) board met on day \(n).",\
                    "language":{"code":"\(languages[n % languages.count])"},"pageType":"article"}
                    """
                finishes.append(.done(job: id, document: Array(document.utf8)))
            }
        }
        try store.apply(inserts, now: Date().timeIntervalSince1970)
        try store.apply(finishes, now: Date().timeIntervalSince1970)
        serial += batch
        if serial % 100_000 == 0 { FileHandle.standardError.write(Data("stored \(serial)\n".utf8)) }
    }
    let fillSeconds = now() - start

    func query(_ build: (inout JobListQuery) -> Void) -> JobListQuery {
        var query = JobListQuery()
        build(&query)
        return query
    }
    let middle = try store.listJobs(JobListQuery(), before: nil, limit: 1).last.map { $0 / 2 }
    let cases: [(String, JobListQuery, Int64?)] = [
        ("newest page", JobListQuery(), nil),
        ("a page from the middle", JobListQuery(), middle),
        ("state=dead", query { $0.state = .dead }, nil),
        ("state=queued", query { $0.state = .queued }, nil),
        (
            "state=dead code=http-404",
            query {
                $0.state = .dead; $0.code = "http-404"
            }, nil
        ),
        ("code=http-404", query { $0.code = "http-404" }, nil),
        ("lang=kk", query { $0.lang = "kk" }, nil),
        ("batch=batch-50", query { $0.batch = "batch-50" }, nil),
        ("lang=yo (no such result)", query { $0.lang = "yo" }, nil),
        ("code=nope (no such failure)", query { $0.code = "nope" }, nil),
        ("q=job id", query { $0.q = sampleId }, nil),
        ("q=word (search)", query { $0.q = "museum" }, nil),
    ]
    var lines: [String] = []
    for (label, listQuery, before) in cases {
        var times: [Double] = []
        var rows = 0
        for _ in 0..<11 {
            let begin = now()
            rows = try store.listJobs(listQuery, before: before, limit: 50).jobs.count
            times.append(now() - begin)
        }
        times.sort()
        lines.append(
            String(
                format: "  %-28@ %7.2f ms median  %7.2f ms worst  (%d rows)", label as NSString, times[5] * 1000,
                times[10] * 1000, rows))
    }
    print("job list over \(jobs) jobs (filled in \(String(format: "%.0f", fillSeconds)) s):")
    for line in lines { print(line) }
}
