/// The version `keyconsole --version` prints.
enum KeyConsoleVersion {
    static let current = "0.1.0"
}
