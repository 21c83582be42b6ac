import Foundation
import PressworkClient
import PressworkProtocol
import PressworkStore
import PressworkTestSupport
import Testing

/// Real `presswork` processes over TCP loopback, killed with SIGKILL where the scenario says so.
@Suite("Cluster end to end", .serialized)
struct ClusterTests {
    @Test("500 articles through 2 workers: 500 results, each stored once")
    func fiveHundredArticles() throws {
        let cluster = try TestCluster("throughput")
        try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.startWorker("w2")
        try cluster.waitForWorkers(["w1", "w2"])

        let articles = GeneratedArticles.make(count: 500)
        let start = Date()
        let ids = try submit(articles, to: cluster)
        #expect(Set(ids).count == 500)
        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        let elapsed = seconds(since: start)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")

        let documents = try exportedDocuments(cluster)
        #expect(documents.count == 500)
        #expect(Set(documents.map(\.id)) == Set(ids))
        let store = try JobStore(directory: cluster.dataDirectory.path)
        #expect(try store.resultCount() == 500)
        // Spot-check the pipeline really ran: each article's language is the one it was written in.
        for (index, id) in ids.enumerated() where index % 50 == 0 {
            let document = try #require(documents.first { $0.id == id }?.document)
            let language = try #require(document["language"] as? [String: Any])
            #expect(language["code"] as? String == GeneratedArticles.language(of: index), "article \(index)")
        }
        let status = try cluster.client().status()
        let perWorker = status.workers.map { "\($0.id)=\($0.done)" }.joined(separator: " ")
        #expect(status.workers.allSatisfy { $0.done > 0 })
        print("[figure] 500 articles, 2 workers × 2 slots: all done in \(elapsed) s; per worker: \(perWorker)")
    }

    @Test("a worker killed with SIGKILL mid-batch: nothing lost, its jobs redone elsewhere long before their timeout")
    func workerKilledMidBatch() throws {
        let cluster = try TestCluster("worker-kill")
        // Jobs run 600 s at most: a lost job redone within a minute was requeued because its worker was lost.
        try cluster.startCoordinator(["--job-timeout", "600"])
        // Every job keeps its slot busy for 1 s, whatever the machine's speed, so the victim is inside a job
        // when it dies (jobs not yet delivered are handed back unpenalized, and would prove nothing).
        let busy = ["--chaos-busy", "slow", "--chaos-busy-seconds", "1"]
        let victim = try cluster.startWorker("victim", busy)
        try cluster.startWorker("survivor", busy)
        try cluster.waitForWorkers(["victim", "survivor"])

        let articles = GeneratedArticles.make(count: 24, sourcePrefix: "slow")
        let ids = try submit(articles, to: cluster, batch: 8)
        try cluster.waitUntil(timeout: 120, "victim is busy after some work") {
            let status = try cluster.client().status()
            guard let victim = status.workers.first(where: { $0.id == "victim" }) else { return false }
            return victim.done >= 2 && victim.busy == 2 && status.queue.queued > 0
        }
        let killedAt = Date()
        victim.signal(SIGKILL)

        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")
        let documents = try exportedDocuments(cluster)
        #expect(documents.count == ids.count)
        #expect(Set(documents.map(\.id)) == Set(ids))

        // The jobs the victim held carry a worker-lost error and were finished by the survivor.
        var redoneAfter: [Double] = []
        let client = try cluster.client()
        for (id, document) in documents {
            let processing = try #require(document["processing"] as? [String: Any])
            guard (processing["attempts"] as? Int ?? 1) > 1 else { continue }
            let info = try client.show(id).job
            #expect(info.errors.contains { $0.code == "worker-lost" && $0.worker == "victim" })
            #expect(processing["worker"] as? String == "survivor")
            if let at = wallSeconds(processing["processedAt"] as? String ?? "") {
                redoneAfter.append(at - killedAt.timeIntervalSince1970)
            }
        }
        #expect(!redoneAfter.isEmpty, "the victim held no job when it was killed")
        let worst = redoneAfter.max() ?? 0
        #expect(worst < 60, "a lost job took \(worst) s to be redone (its timeout is 600 s)")
        print(
            "[figure] worker SIGKILL: \(redoneAfter.count) lost jobs redone by the survivor, the last \(String(format: "%.2f", worst)) s after the kill; \(documents.count)/\(ids.count) results, none twice"
        )
    }

    @Test("the coordinator killed with SIGKILL mid-batch and restarted: every acknowledged job finishes once")
    func coordinatorKilledMidBatch() throws {
        let cluster = try TestCluster("coordinator-kill")
        let first = try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.startWorker("w2")
        try cluster.waitForWorkers(["w1", "w2"])

        // A submitter process keeps sending while the coordinator dies: whatever ids it printed were
        // acknowledged, and must all finish.
        let batchFile = cluster.directory.appendingPathComponent("batch.jsonl")
        let lines = GeneratedArticles.make(count: 400, paragraphs: 60).map { article -> String in
            let object: [String: String] = [
                "id": article.meta.articleId ?? "", "text": String(decoding: article.body, as: UTF8.self),
            ]
            return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        try lines.joined(separator: "\n").write(to: batchFile, atomically: true, encoding: .utf8)
        let firstIds = try submit(
            GeneratedArticles.make(count: 100, paragraphs: 60, sourcePrefix: "early"), to: cluster)

        let submitter = try cluster.start(["submit", batchFile.path, "--timeout", "3"])
        try cluster.waitUntil(timeout: 120, "the submitter has batches acknowledged") {
            submitter.output.lines.count >= 1
        }
        let killedAt = Date()
        first.signal(SIGKILL)
        _ = first.waitForExit(timeout: 30)
        let submitted = try submitter.finish()
        let acknowledged = firstIds + submitted.lines
        print(
            "[figure] coordinator SIGKILL: submitter exit \(submitted.status), \(submitted.lines.count) of 400 batch articles acknowledged before the kill"
        )

        usleep(500_000)
        try cluster.startCoordinator()
        let restartedAfter = seconds(since: killedAt)
        let states = try waitForFinal(acknowledged, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")
        let documents = try exportedDocuments(cluster)
        let ids = documents.map(\.id)
        #expect(Set(ids).count == ids.count, "a result was stored twice")
        #expect(Set(acknowledged).isSubset(of: Set(ids)))
        let store = try JobStore(directory: cluster.dataDirectory.path)
        #expect(try store.resultCount() == ids.count)
        let status = try cluster.client().status()
        #expect(Set(status.workers.map(\.id)) == ["w1", "w2"], "workers registered again")
        print(
            "[figure] coordinator SIGKILL: restarted \(restartedAfter) s after the kill; \(acknowledged.count) acknowledged jobs all done \(seconds(since: killedAt)) s after the kill; \(ids.count) results, none twice"
        )
    }

    @Test("a job that always fails ends dead after its attempts, with each attempt's error in show and dead")
    func alwaysFailingJob() throws {
        let cluster = try TestCluster("poison")
        try cluster.startCoordinator(["--retry-base", "0.05", "--retries", "3"])
        try cluster.startWorker("w1", ["--chaos-fail", "always-fails"])
        try cluster.waitForWorkers(["w1"])
        let poison = cluster.directory.appendingPathComponent("always-fails.txt")
        try "Headline\n\nThis article always fails on purpose in this test.".write(
            to: poison, atomically: true, encoding: .utf8)
        let good = cluster.directory.appendingPathComponent("good.txt")
        try "Headline\n\nThis article is processed normally, in English, by the worker.".write(
            to: good, atomically: true, encoding: .utf8)

        let start = Date()
        let submitted = try cluster.run(["submit", poison.path, good.path, "--wait"])
        #expect(submitted.status == 1, "submit --wait exits 1 when a job is dead: \(submitted.stderr)")
        let poisonId = try #require(submitted.lines.first)
        let shown = try cluster.run(["show", poisonId, "--json"])
        #expect(shown.status == 1)
        let info = try JSONDecoder().decode(JobInfo.self, from: Data(shown.stdout.utf8))
        #expect(info.state == .dead)
        #expect(info.attempts == 4)
        #expect(info.errors.map(\.attempt) == [1, 2, 3, 4])
        #expect(info.errors.allSatisfy { $0.code == "chaos" && $0.worker == "w1" })

        let dead = try cluster.run(["dead", "--json"])
        let deadJobs = try JSONDecoder().decode([JobInfo].self, from: Data(dead.stdout.utf8))
        #expect(deadJobs.map(\.id) == [poisonId])
        #expect(deadJobs.first?.errors.count == 4)
        let human = try cluster.run(["dead"])
        #expect(human.stdout.contains("attempt 4"))
        print(
            "[figure] poison job: dead after \(info.attempts) attempts, \(info.errors.count) errors kept, \(seconds(since: start)) s with 0.05 s back-off base"
        )

        // Retrying it by hand gives it a fresh set of attempts (it fails again, being poison).
        let retried = try cluster.run(["dead", "--retry"])
        #expect(retried.stdout.contains("requeued 1"))
        _ = try waitForFinal([poisonId], in: cluster, timeout: 120)
        let again = try cluster.client().show(poisonId).job
        #expect(again.attempts == 8)
        #expect(again.errors.count == 8)
    }

    @Test("SIGTERM drains a worker: running jobs finish, nothing is counted as lost")
    func workerDrains() throws {
        let cluster = try TestCluster("drain")
        try cluster.startCoordinator()
        // Jobs of 2 s each: the two running at SIGTERM finish well within the 30 s drain timeout.
        let leaving = try cluster.startWorker("leaving", ["--chaos-busy", "drain", "--chaos-busy-seconds", "2"])
        try cluster.waitForWorkers(["leaving"])
        let ids = try submit(GeneratedArticles.make(count: 20, sourcePrefix: "drain"), to: cluster)
        try cluster.waitUntil(timeout: 120, "some work done, two jobs running") {
            let status = try cluster.client().status()
            return status.queue.done >= 2 && status.queue.leased == 2
        }
        let stoppedAt = Date()
        leaving.signal(SIGTERM)
        let exit = leaving.waitForExit(timeout: 60)
        #expect(exit == 0, "worker exit status after SIGTERM: \(String(describing: exit))\n\(leaving.log)")
        let drainSeconds = seconds(since: stoppedAt)
        try cluster.startWorker("staying")
        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done })
        let client = try cluster.client()
        for id in ids {
            #expect(try client.show(id).job.errors.isEmpty, "job \(id) has errors after a graceful drain")
        }
        // A routine restart is no incident: the coordinator says the worker drained, and warns of nothing.
        let log = cluster.coordinator?.log ?? ""
        #expect(log.contains("worker drained and left"), "\(log.suffix(2_000))")
        #expect(!log.contains("worker lost"), "\(log.suffix(2_000))")
        print(
            "[figure] worker SIGTERM: exited 0 after \(drainSeconds) s; \(ids.count) jobs done, no attempt counted as failed"
        )
    }
}

extension ClusterTests {
    @Test("SIGTERM past the drain timeout hands running jobs back at once, without using an attempt")
    func drainTimeoutHandsJobsBack() throws {
        let cluster = try TestCluster("drain-timeout")
        try cluster.startCoordinator()
        // Two jobs that keep their slots busy for 120 s: far longer than the drain timeout, on any machine.
        let leaving = try cluster.startWorker(
            "leaving", concurrency: 2,
            ["--drain-timeout", "0.3", "--chaos-busy", "long", "--chaos-busy-seconds", "120"])
        try cluster.waitForWorkers(["leaving"])
        let ids = try submit(GeneratedArticles.make(count: 2, sourcePrefix: "long"), to: cluster)
        try cluster.waitUntil(timeout: 60, "both jobs running") { try cluster.client().status().queue.leased == 2 }
        let stoppedAt = Date()
        leaving.signal(SIGTERM)
        let exit = leaving.waitForExit(timeout: 60)
        #expect(exit == 0, "\(leaving.log)")
        let exitedAfter = Date().timeIntervalSince(stoppedAt)
        // Well before the jobs could have finished: the drain timeout, not the jobs, ended the worker.
        #expect(exitedAfter < 60)
        try cluster.waitUntil(timeout: 60, "jobs handed back") { try cluster.client().status().queue.queued == 2 }
        try cluster.startWorker("staying")
        let states = try waitForFinal(ids, in: cluster, timeout: 300)
        #expect(states.allSatisfy { $0 == .done }, "\(cluster.logs)")
        let client = try cluster.client()
        for id in ids {
            let info = try client.show(id).job
            #expect(info.errors.isEmpty)
            #expect(info.attempts == 1, "a hand-back does not use an attempt")
        }
        print(
            "[figure] worker SIGTERM with --drain-timeout 0.3: exited after \(String(format: "%.2f", exitedAfter)) s,"
                + " 2 running jobs handed back and done by another worker on attempt 1")
    }
}

extension ClusterTests {
    @Test("SIGTERM stops the coordinator cleanly; a second coordinator cannot share its data; a restart resumes")
    func coordinatorStopsGracefully() throws {
        let cluster = try TestCluster("coordinator-term")
        let first = try cluster.startCoordinator()
        try cluster.startWorker("w1")
        try cluster.waitForWorkers(["w1"])

        let second = try cluster.run([
            "coordinator", "--bind", "tcp://127.0.0.1:0", "--data", cluster.dataDirectory.path,
        ])
        #expect(second.status == 2)
        #expect(second.stderr.contains("another coordinator is using the data directory"))

        let ids = try submit(GeneratedArticles.make(count: 50), to: cluster)
        _ = try waitForFinal(ids, in: cluster, timeout: 300)
        let stoppedAt = Date()
        first.signal(SIGTERM)
        #expect(first.waitForExit(timeout: 60) == 0, "\(first.log)")
        let stopSeconds = seconds(since: stoppedAt)
        #expect(first.log.contains("coordinator stopped"))

        try cluster.startCoordinator()
        try cluster.waitForWorkers(["w1"])
        let more = try submit(GeneratedArticles.make(count: 10, sourcePrefix: "after-restart"), to: cluster)
        #expect(try waitForFinal(more, in: cluster, timeout: 300).allSatisfy { $0 == .done })
        #expect(try cluster.client().status().queue.done == 60)
        print(
            "[figure] coordinator SIGTERM: exited 0 in \(stopSeconds) s; the worker registered again and 10 more jobs ran"
        )
    }
}
