import ArgumentParser
import KeyconsoleCore

extension DurationArgument: ExpressibleByArgument {}

extension DateArgument: ExpressibleByArgument {}
