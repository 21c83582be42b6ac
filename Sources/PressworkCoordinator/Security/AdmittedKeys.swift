import Foundation
import ZeroMQ

/// The public keys the coordinator admits, per role, as read from the key directories.
struct AdmittedKeys: Sendable, Hashable {
    var workers: Set<String> = []
    var clients: Set<String> = []

    /// The ZAP answer for one request: admitted keys get a user id naming their roles.
    func decide(_ request: ZAP.Request) -> (status: Int, text: String, identity: PeerIdentity?) {
        guard request.mechanism == "CURVE" else { return (400, "CURVE required", nil) }
        guard let key = request.curvePublicKey else { return (400, "malformed CURVE key", nil) }
        let identity = PeerIdentity(worker: workers.contains(key), client: clients.contains(key), key: key)
        guard identity.worker || identity.client else { return (400, "key not admitted", nil) }
        return (200, "OK", identity)
    }

    /// Reads every `*.pub` file of the two directories (either may be absent from the configuration).
    /// - Returns: the keys, and one line per file that could not be used (those files are skipped).
    static func load(workers: String?, clients: String?) throws -> (keys: AdmittedKeys, problems: [String]) {
        var problems: [String] = []
        var keys = AdmittedKeys()
        if let workers { keys.workers = try publicKeys(in: workers, problems: &problems) }
        if let clients { keys.clients = try publicKeys(in: clients, problems: &problems) }
        return (keys, problems)
    }

    private static func publicKeys(in directory: String, problems: inout [String]) throws -> Set<String> {
        var keys: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        where name.hasSuffix(".pub") && !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                keys.insert(try CurveCertificate.loadPublic(path: path).publicKey)
            } catch {
                problems.append(error.description)
            }
        }
        return keys
    }

    /// Names, sizes and modification times of the directories' entries: a change means "reload".
    static func fingerprint(_ directories: [String?]) -> [String] {
        var lines: [String] = []
        for directory in directories.compactMap({ $0 }) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names.sorted() {
                var info = stat()
                let path = (directory as NSString).appendingPathComponent(name)
                guard stat(path, &info) == 0 else { continue }
                lines.append("\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino)")
            }
        }
        return lines
    }
}
