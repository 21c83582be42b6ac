import Foundation
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

/// `presswork cancel` and `CANCEL` against a real coordinator.
@Suite("Cancel from the command line")
struct CancelCommandTests {
    static let samples = Checkout.root.appendingPathComponent("Scripts/samples").path

    @Test("cancel --batch cancels the queued jobs; they never run, and results, status and show say so")
    func batch() throws {
        let cluster = try TestCluster("cancel-batch")
        try cluster.startCoordinator()
        let submitted = try cluster.run(["submit", "--batch", "nightly", Self.samples])
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let jobs = submitted.stdout.split(separator: "\n").map(String.init)
        #expect(jobs.count >= 3)

        let cancelled = try cluster.run(["cancel", "--batch", "nightly"])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(cancelled.stdout.contains("cancelled \(jobs.count) queued job(s)"), "\(cancelled.stdout)")
        let again = try cluster.run(["cancel", "--json", jobs[0], "no-such-job"])
        #expect(again.status == 1, "an unknown id is reported: \(again.stdout)")
        let counts = try JSONDecoder().decode(CancelReply.self, from: Data(again.stdout.utf8))
        #expect(counts.cancelled == 0 && counts.finished == 1 && counts.unknown == 1)

        // A worker now starts: the cancelled jobs stay cancelled, a new job runs.
        try cluster.startWorker("w1")
        let fresh = try cluster.run(["submit", "--wait", Self.samples + "/kk-almaty-bike-lanes.txt"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(try cluster.client().states(of: jobs).allSatisfy { $0 == .cancelled })
        let listed = try cluster.run(["results", "--json", "--status", "cancelled", "--batch", "nightly"])
        #expect(listed.stdout.split(separator: "\n").count == jobs.count, "\(listed.stdout)")
        let shown = try cluster.run(["show", jobs[0]])
        #expect(shown.stdout.contains("cancelled"), "\(shown.stdout)")
        let status = try cluster.run(["status"])
        #expect(status.stdout.contains("cancelled \(jobs.count)"), "\(status.stdout)")
        #expect(status.stdout.contains("CANCELLED"), "the batch table counts them: \(status.stdout)")

        let usage = try cluster.run(["cancel", "--batch", "nightly", jobs[0]])
        #expect(usage.status == 2, "\(usage.stderr)")
    }

    @Test("a running job is cancelled at once; its worker's result is discarded and its slot goes to the next job")
    func running() throws {
        let cluster = try TestCluster("cancel-running")
        try cluster.startCoordinator(["--job-timeout", "600"])
        let jobs = try submit(GeneratedArticles.make(count: 2), to: cluster)
        let context = try ZMQContext()
        defer { context.shutdown() }
        let worker = try RawPeer(context: context, endpoint: cluster.endpoint, curve: nil)
        try worker.sendWorker(.ready(Ready(worker: "raw", slots: 1, host: "h", pid: 1, version: "0")))
        let first = try #require(try worker.await("JOB", within: 30), "no JOB for the raw worker")
        guard case .job(let assignment, _) = try CoordinatorCommand.decode(first) else {
            Issue.record("not a JOB")
            return
        }
        let reply = try cluster.client().cancel(jobs: [assignment.job])
        #expect(reply.running == 1 && reply.cancelled == 0)
        #expect(try cluster.client().states(of: [assignment.job]) == [.cancelled])

        try worker.sendWorker(
            .result(
                JobResult(job: assignment.job, attempt: assignment.attempt), document: Array(#"{"text":"late"}"#.utf8)))
        let second = try #require(try worker.await("JOB", within: 30), "the slot was not given back")
        guard case .job(let next, _) = try CoordinatorCommand.decode(second) else {
            Issue.record("not a JOB")
            return
        }
        #expect(next.job != assignment.job && jobs.contains(next.job))
        let shown = try cluster.client().show(assignment.job)
        #expect(shown.job.state == .cancelled && shown.document == nil)
    }

    @Test("under CURVE a client key cancels only the jobs it submitted")
    func onlyYourOwn() throws {
        let cluster = try TestCluster("cancel-curve")
        let keys = try SecurityTests.Keys(cluster, names: ["server", "c1", "c2"])
        try keys.admit("c1", into: keys.clients)
        try keys.admit("c2", into: keys.clients)
        cluster.clientCredentials = try keys.credentials("c1")
        try cluster.startCoordinator(keys.coordinatorArguments)
        let jobs = try cluster.client().submit(GeneratedArticles.make(count: 3), batch: "mine")

        cluster.clientCredentials = try keys.credentials("c2")
        let stranger = try cluster.client()
        let byBatch = try stranger.cancel(batch: "mine")
        #expect(byBatch.cancelled == 0 && byBatch.forbidden == 3)
        let byId = try stranger.cancel(jobs: jobs)
        #expect(byId.cancelled == 0 && byId.forbidden == 3)
        #expect(try stranger.states(of: jobs).allSatisfy { $0 == .queued })

        cluster.clientCredentials = try keys.credentials("c1")
        let owner = try cluster.client().cancel(batch: "mine")
        #expect(owner.cancelled == 3 && owner.forbidden == 0)
    }
}
