import ArgumentParser
import ScreenModel

/// `--theme dark|light|auto`.
extension Theme.Choice: ExpressibleByArgument {}
