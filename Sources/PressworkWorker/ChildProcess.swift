import Foundation

/// A child process started with `posix_spawn` and reaped by its owner with `waitpid` (not Foundation's
/// `Process`, which reaps on its own thread and cannot be asked "has it died?" without racing).
struct ChildProcess: Sendable {
    let pid: pid_t

    /// How a child ended.
    enum Ending: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "was killed by signal \(signal) (\(Self.signalName(signal)))"
            }
        }

        static func signalName(_ signal: Int32) -> String {
            switch signal {
            case SIGSEGV: "SIGSEGV"
            case SIGABRT: "SIGABRT"
            case SIGBUS: "SIGBUS"
            case SIGILL: "SIGILL"
            case SIGFPE: "SIGFPE"
            case SIGKILL: "SIGKILL"
            case SIGTERM: "SIGTERM"
            case SIGTRAP: "SIGTRAP"
            default: "signal \(signal)"
            }
        }
    }

    /// Starts `arguments[0]` with the rest as its arguments, stdin from `/dev/null`, stdout and stderr
    /// shared with this process. The child gets its own process group, so a Ctrl-C at the terminal reaches
    /// only the worker, which drains and then stops its children itself.
    static func spawn(_ arguments: [String]) throws -> ChildProcess {
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw ChildProcessError("cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid)
    }

    /// How the child ended, or nil while it runs. Reaps it: call until non-nil once, then forget the pid.
    func ended() -> Ending? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result < 0 && errno == ECHILD ? .exited(-1) : nil }
        // The wait-status layout is fixed on Linux; Swift does not import the W* macros.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// SIGKILL, then wait for it (immediate: the kernel does not let a process ignore SIGKILL).
    func kill() {
        _ = Foundation.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Resident memory in bytes, from `/proc/PID/statm`, nil if it is gone.
    var residentBytes: Int? { ResidentMemory.of(path: "/proc/\(pid)/statm") }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
