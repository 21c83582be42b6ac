/// The version of Presswork this build is.
public enum PressworkVersion {
    /// Semantic version of the release.
    public static let current = "0.1.0"
}
