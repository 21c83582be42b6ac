import PressworkProtocol
import Testing

@Suite("Header fields added in 0.3")
struct HeaderFieldsTests {
    @Test("JOB carries maxResultBytes and RESULT carries pageType through the wire encoding")
    func roundTrip() throws {
        var assignment = JobAssignment(
            job: "j1", attempt: 2, timeoutSeconds: 120, article: ArticleMeta(source: "a.html", format: .html))
        assignment.maxResultBytes = 4096
        let job = try CoordinatorCommand.decode(CoordinatorCommand.job(assignment, body: [1, 2]).frames())
        guard case .job(let decoded, _) = job else {
            Issue.record("not a JOB: \(job)")
            return
        }
        #expect(decoded.maxResultBytes == 4096)

        let result = JobResult(job: "j1", attempt: 2, language: "en", pageType: "forum")
        let frames = WorkerCommand.result(result, document: Array("{}".utf8)).frames()
        guard case .result(let header, _) = try WorkerCommand.decode(frames.dropFirst()) else {
            Issue.record("not a RESULT")
            return
        }
        #expect(header.pageType == "forum")
        #expect(header == result)
    }
}
