import Foundation

/// Runs work that owns ZeroMQ sockets on a dedicated thread, and awaits it from async code.
///
/// Sockets must stay on one thread; Swift concurrency may move a task between threads at every
/// suspension point, so a socket loop gets a thread of its own.
public enum OwningThread {
    /// Starts `body` on a new thread named `name` and returns (or throws) what it does.
    public static func run<T: Sendable>(
        named name: String, _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try body() })
            }
            thread.name = name
            thread.start()
        }
    }
}
