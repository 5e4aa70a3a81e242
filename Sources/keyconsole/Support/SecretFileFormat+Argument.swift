import ArgumentParser
import KeyconsoleCore
import MomentoKeys

/// `--output-format raw|env|momento-profile`.
extension SecretFileFormat: ExpressibleByArgument {}
