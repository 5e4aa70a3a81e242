import ArgumentParser
import Foundation
import KeyconsoleCore
import MomentoKeys

/// `keyconsole policy`: the key hygiene policy of the config.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Show the key hygiene policy in force.",
        subcommands: [Show.self])

    /// `keyconsole policy show`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the policy in force, with the table each value came from.",
            discussion: """
                The policy is the config's [policy] table, its [policy.roles.NAME] tables, and \
                each [profile.NAME.policy] (with its own roles): the most specific table wins \
                ([policy], then the profile's, then the role's, then the profile's for the \
                role). Values no table sets are shown as "default" (check's thresholds) or \
                left out (a rule not set is not checked). See docs/policy.md.

                Examples:
                  keyconsole policy show
                  keyconsole policy show --profile prod --format json
                """)

        /// Output formats.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Option(help: "Only the policy of this profile's account.")
        var profile: String?

        @Option(help: "text or json.")
        var format: Format = .text

        func run() throws {
            let config = ConsoleConfig.load()
            if let problem = config.policyProblem { throw CLIError(problem + ".") }
            let profiles = profile.map { [$0] } ?? PolicyDocument.profiles(of: config.policy)
            let document = PolicyDocument(
                config.policy, profiles: profiles, config: ConsoleConfig.path)
            switch format {
            case .json: try Output.out(try JSONOutput.render(document))
            case .text:
                if config.policy.isEmpty {
                    try Output.out(
                        "No policy: \(ConsoleConfig.path) has no [policy] table (docs/policy.md)."
                    )
                }
                try Output.out(document.text)
            }
        }
    }
}
