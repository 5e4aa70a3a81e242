/// The one table that drives key handling, the hint bar and the `?` overlay.
public enum Keymap {
    /// Every binding of the list screen, in the order the overlay shows them.
    public static let bindings: [Binding] = [
        binding([.up, .character("k")], "↑/k", "Up/k", .moveUp, "Move up", nil),
        binding([.down, .character("j")], "↓/j", "Down/j", .moveDown, "Move down", nil),
        binding([.pageUp], "PgUp", "PgUp", .pageUp, "Page up", nil),
        binding([.pageDown], "PgDn", "PgDn", .pageDown, "Page down", nil),
        binding([.home, .character("g")], "Home/g", "Home/g", .top, "First key", nil),
        binding([.end, .character("G")], "End/G", "End/G", .bottom, "Last key", nil),
        binding([.enter], "⏎", "Enter", .details, "Details of the key", "details"),
        binding([.character("/")], "/", "/", .filter, "Filter by id, description, role", "filter"),
        binding(
            [.character("e")], "e", "e", .toggleExpiring, "Only keys expiring within 7 days",
            "expiring"),
        binding([.character("s")], "s", "s", .cycleSort, "Sort by the next column", "sort"),
        binding([.character("S")], "S", "S", .reverseSort, "Reverse the sort", nil),
        binding([.character("r")], "r", "r", .refresh, "Refresh now", "refresh"),
        binding([.character("n")], "n", "n", .newKey, "New key", "create", destructive: true),
        binding(
            [.character("d")], "d", "d", .revoke, "Revoke the key, or the marked keys", "revoke",
            destructive: true),
        binding(
            [.character("R")], "R", "R", .rotate, "Rotate: a new key like it, then revoke or keep",
            "rotate", destructive: true),
        binding(
            [.character(" ")], "Space", "Space", .mark, "Mark the key (d revokes all marked)",
            "mark", destructive: true),
        binding(
            [.character("p")], "p", "p", .regionPicker, "Pick the region (endpoint)", "region",
            needsManager: false),
        binding(
            [.character("c")], "c", "c", .copyId, "Copy the key id (OSC 52)", nil,
            needsManager: false),
        binding([.character("?")], "?", "?", .help, "This help", "help"),
        binding([.character("q"), .controlC], "q", "q", .quit, "Quit", "quit"),
    ]

    /// The binding a key triggers.
    public static func binding(for key: Key) -> Binding? {
        bindings.first { $0.keys.contains(key) }
    }

    /// Why a binding cannot be used now, or `nil` when it can.
    public static func disabledReason(_ binding: Binding, readOnly: Bool, canManage: Bool)
        -> String?
    {
        if binding.destructive && readOnly { return "read-only mode" }
        if binding.needsManager && !canManage { return "your key's role cannot manage keys" }
        return nil
    }

    /// Whether a binding is left out of the hints and the help: `--read-only` removes every
    /// binding that changes keys.
    public static func isHidden(_ binding: Binding, readOnly: Bool) -> Bool {
        binding.destructive && readOnly
    }

    private static func binding(
        _ keys: [Key], _ label: String, _ asciiLabel: String, _ action: Action, _ help: String,
        _ hint: String?, destructive: Bool = false, needsManager: Bool? = nil
    ) -> Binding {
        Binding(
            keys: keys, label: label, asciiLabel: asciiLabel, action: action, help: help,
            hint: hint,
            destructive: destructive, needsManager: needsManager ?? destructive)
    }
}
