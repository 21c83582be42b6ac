/// Logger metadata keys, defined once so every log line uses the same names.
public enum LogKey {
    public static let job = "presswork.job.id"
    public static let worker = "presswork.worker.id"
    public static let attempt = "presswork.job.attempt"
    public static let endpoint = "presswork.endpoint"
    public static let error = "presswork.error"
    public static let count = "presswork.count"
    public static let peerAddress = "presswork.peer.address"
    public static let peerKey = "presswork.peer.key"
}
