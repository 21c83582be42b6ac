import Foundation

/// The checkout the tests run from, for files the tests read from the source tree (samples, documents).
public enum Checkout {
    /// The package root (this file is Sources/PressworkTestSupport/Checkout.swift).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
