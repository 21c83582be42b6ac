import Foundation
import PressworkProtocol
import Testing

@Suite("Worker states")
struct WorkerStateTests {
    @Test("a worker's state travels as a plain string, and a state a newer coordinator adds decodes as itself")
    func wireForm() throws {
        let worker = ClusterStatus.Worker(
            id: "w1", host: "h", pid: 1, version: "1", state: .draining, slots: 2, busy: 1, done: 0, failed: 0,
            lastHeartbeatSecondsAgo: 0.5)
        let json = String(decoding: try JSONEncoder().encode(worker), as: UTF8.self)
        #expect(json.contains(#""state":"draining""#), "\(json)")
        let edited = json.replacingOccurrences(of: #""state":"draining""#, with: #""state":"paused""#)
        let decoded = try JSONDecoder().decode(ClusterStatus.Worker.self, from: Data(edited.utf8))
        #expect(decoded.state.rawValue == "paused" && ![.up, .draining, .lost].contains(decoded.state))
    }
}
