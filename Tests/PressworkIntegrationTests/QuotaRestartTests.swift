import Foundation
import PressworkClient
import PressworkProtocol
import PressworkTestSupport
import Testing
import ZeroMQ

extension SecurityTests {
    @Test("a client's pending-job quota survives a coordinator SIGKILL and restart; finished jobs give it back")
    func pendingQuotaSurvivesRestart() throws {
        let cluster = try TestCluster("quota-restart")
        let keys = try Keys(cluster, names: ["server", "w1", "c1", "c2"])
        try keys.admit("w1", into: keys.workers)
        try keys.admit("c1", into: keys.clients)
        try keys.admit("c2", into: keys.clients)
        cluster.clientCredentials = try keys.credentials("c1")
        let arguments = keys.coordinatorArguments + ["--max-pending-per-client", "3"]
        try cluster.startCoordinator(arguments)
        let articles = GeneratedArticles.make(count: 5)
        // No worker yet: the three jobs stay queued.
        let first = try cluster.client().submit(Array(articles.prefix(3)))

        try #require(cluster.coordinator).signal(SIGKILL)
        try cluster.startCoordinator(arguments)
        let error = #expect(throws: ClientError.self) { try cluster.client().submit([articles[3]]) }
        #expect(error?.remoteCode == "too-many-pending", "\(String(describing: error))")
        #expect(error?.message.contains("3 unfinished jobs") == true, "\(String(describing: error))")
        // Another key has its own quota.
        let endpoint = try #require(Endpoint(cluster.endpoint))
        let other = try CoordinatorClient(endpoint: endpoint, timeout: 10, curve: try keys.credentials("c2"))
        #expect(try other.submit([articles[3]]).count == 1)

        try cluster.startWorker("w1", keys.workerArguments("w1"))
        #expect(try waitForFinal(first, in: cluster, timeout: 120) == [.done, .done, .done])
        #expect(try cluster.client().submit([articles[4]]).count == 1)
    }
}
