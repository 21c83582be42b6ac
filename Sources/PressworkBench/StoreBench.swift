import Foundation
import PressworkCompression
import PressworkPostgresStore
import PressworkProtocol
import PressworkStore

/// `presswork-bench store --data DIR --documents FILE.jsonl --jobs N`: fills an embedded store the way the
/// coordinator does (jobs with their bodies, then results, 256 per transaction) from real result documents
/// (`presswork process --json` output, whose `source` names the page the body is read from), then times
/// the queries of `presswork results` and `export` on it. Bodies are compressed as the coordinator
/// compresses them, unless `--compress no` (to measure what compression saves). With `--store URL` the
/// PostgreSQL store is filled and queried instead.
func storeBench(_ arguments: Arguments) throws {
    guard let data = arguments.values["data"], let documentsPath = arguments.values["documents"] else {
        throw BenchError("store needs --data DIR and --documents FILE.jsonl")
    }
    let jobs = arguments.int("jobs", 100_000)
    let lines = try String(contentsOfFile: documentsPath, encoding: .utf8).split(separator: "\n").map(String.init)
    guard !lines.isEmpty else { throw BenchError("\(documentsPath) holds no documents") }
    let samples: [(document: [UInt8], body: [UInt8], url: String?, language: String?)] = lines.map { line in
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        let source = object?["source"] as? String
        let body = source.flatMap { FileManager.default.contents(atPath: $0) }.map { [UInt8]($0) } ?? []
        let language = (object?["language"] as? [String: Any])?["code"] as? String
        return (Array(line.utf8), body, object?["url"] as? String, language)
    }
    let compress = arguments.values["compress"] != "no"
    let compressor = ZstdCompressor()
    var rawBodyBytes = 0
    var storedBodyBytes = 0
    // `--store postgres://…` measures the PostgreSQL store instead of SQLite in --data.
    let store: any JournalStore =
        if let url = arguments.values["store"] {
            try PostgresStore(url: url, coordinator: "bench")
        } else {
            try JobStore(directory: data)
        }
    let startCPU = cpuSeconds(of: Int(getpid())) ?? 0
    let start = now()
    var serial = 0
    while serial < jobs {
        let batch = min(256, jobs - serial)
        var inserts: [JournalChange] = []
        var results: [JournalChange] = []
        for offset in 0..<batch {
            let sample = samples[(serial + offset) % samples.count]
            let id = String(format: "bench%011d", serial + offset)
            var job = NewJob(
                id: id, article: ArticleMeta(source: id, url: sample.url, format: .html), body: sample.body,
                maxAttempts: 4, batch: "bench-\((serial + offset) / 10_000)")
            if compress { job.zstdBody = compressor.compressIfSmaller(sample.body) }
            rawBodyBytes += sample.body.count
            storedBodyBytes += job.zstdBody?.count ?? sample.body.count
            inserts.append(.insert(job))
            results.append(.done(job: id, document: sample.document))
        }
        try store.apply(inserts, now: Date().timeIntervalSince1970)
        try store.apply(results, now: Date().timeIntervalSince1970)
        serial += batch
        if serial % 10_000 == 0 { FileHandle.standardError.write(Data("stored \(serial)\n".utf8)) }
    }
    let fillSeconds = now() - start
    let fillCPU = (cpuSeconds(of: Int(getpid())) ?? 0) - startCPU
    let size = try store.size()

    // The most common language and a word from one of its titles, so every query has answers.
    var counts: [String: Int] = [:]
    for sample in samples { counts[sample.language ?? "und", default: 0] += 1 }
    let language = counts.max { $0.value < $1.value }?.key ?? "en"
    let searches = (arguments.values["search"] ?? "government,climate market,北京").split(separator: ",").map(String.init)

    func timed(_ label: String, _ query: ResultQuery, pages: Bool) throws -> (String, Double, Int) {
        var times: [Double] = []
        var found = 0
        for _ in 0..<(pages ? 1 : 11) {
            let begin = now()
            var after: Int64? = nil
            found = 0
            repeat {
                let page = try store.results(matching: query, after: after, limit: pages ? 500 : 50)
                found += page.documents.count
                after = page.documents.count == (pages ? 500 : 50) ? page.last : nil
            } while pages && after != nil
            times.append(now() - begin)
        }
        return (label, times.sorted()[times.count / 2], found)
    }
    var rows: [(String, Double, Int)] = []
    var byLanguage = ResultQuery()
    byLanguage.languages = [language]
    rows.append(try timed("results --lang \(language) (first 50)", byLanguage, pages: false))
    for word in searches {
        var query = ResultQuery()
        query.search = word
        rows.append(try timed("results --search \"\(word)\" (first 50)", query, pages: false))
    }
    var combined = byLanguage
    combined.search = searches.first
    combined.batch = "bench-0"
    rows.append(try timed("results --lang --search --batch (first 50)", combined, pages: false))
    let export = try timed("export --lang \(language) (all pages)", byLanguage, pages: true)
    let all = try timed("export (everything)", ResultQuery(), pages: true)

    print(
        String(
            format: "filled %d jobs with results in %.1f s (%.0f/s, %.2f ms CPU each)", jobs, fillSeconds,
            Double(jobs) / fillSeconds, fillCPU / Double(jobs) * 1000))
    print(
        String(
            format: "store %.1f GB: %.1f KB per job; bodies %.1f KB per job as submitted, %.1f KB as stored",
            Double(size.bytes) / 1e9, Double(size.bytes) / Double(jobs) / 1024,
            Double(rawBodyBytes) / Double(jobs) / 1024, Double(storedBodyBytes) / Double(jobs) / 1024)
            + (compress ? " (zstd level \(Zstd.level))" : " (not compressed)"))
    for (label, seconds, found) in rows {
        print(
            label.padding(toLength: 48, withPad: " ", startingAt: 0)
                + String(format: " %9.2f ms  (%d results)", seconds * 1000, found))
    }
    for (label, seconds, found) in [export, all] {
        print(
            label.padding(toLength: 48, withPad: " ", startingAt: 0)
                + String(format: " %9.2f s   %d documents, %.0f documents/s", seconds, found, Double(found) / seconds))
    }
    report(
        "json figures follow",
        [
            "jobs": Double(jobs), "fillPerSecond": Double(jobs) / fillSeconds,
            "fillCPUMsPerJob": fillCPU / Double(jobs) * 1000, "bytesPerJob": Double(size.bytes) / Double(jobs),
            "storedBodyBytesPerJob": Double(storedBodyBytes) / Double(jobs),
            "langFirstPageMs": rows[0].1 * 1000, "exportDocumentsPerSecond": Double(all.2) / all.1,
        ])
}
