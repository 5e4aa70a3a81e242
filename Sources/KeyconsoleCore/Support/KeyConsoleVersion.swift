/// The version `keyconsole --version` prints.
package enum KeyConsoleVersion {
    package static let current = "0.1.0"
}
