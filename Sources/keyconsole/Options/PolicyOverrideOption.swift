import ArgumentParser
import KeyconsoleCore
import MomentoKeys

/// `--policy-override "REASON"`: an Owner's reason for a new key the key policy does not
/// allow, kept in the audit journal.
struct PolicyOverrideOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "With an Owner key: create a key the policy does not allow, for this reason (kept in"
                + " the audit journal).", valueName: "reason"))
    var policyOverride: String?

    func validate() throws {
        if let policyOverride {
            guard !policyOverride.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--policy-override needs a reason.")
            }
            guard policyOverride.count <= CreateKeyRequest.maxDescriptionLength else {
                throw ValidationError(
                    "--policy-override takes at most \(CreateKeyRequest.maxDescriptionLength)"
                        + " characters (the journal keeps it; link a ticket for more).")
            }
            try SecretInput.refuseKeys(in: [("--policy-override", policyOverride)])
        }
    }
}
