import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGHUP, read and cleared by the coordinator loop: reload the key directories now.
let keyReloadRequested = Atomic<Bool>(false)

/// SIGHUP asks a running coordinator to read its key directories again.
public enum ReloadSignal {
    /// Installs the SIGHUP handler (which only sets a flag: nothing else is safe in a signal handler).
    public static func install() {
        signal(SIGHUP) { _ in keyReloadRequested.store(true, ordering: .relaxed) }
    }

    /// Whether SIGHUP arrived since the last call.
    static func take() -> Bool {
        keyReloadRequested.exchange(false, ordering: .relaxed)
    }
}
