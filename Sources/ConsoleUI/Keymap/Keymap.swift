import ScreenModel

/// The tables that drive key handling, the hint lines and the help: one per context, and one
/// for the keys that work everywhere. Adding a key is one line in one table.
public enum Keymap {
    /// Keys that work in every context, after the context's own table.
    public static let global: [Binding] = [
        bind(
            [.f1], "F1", .help, "Help for the keys here", hint: "help", priority: 0,
            group: .console),
        bind(
            [.controlC], "^C", ascii: "Ctrl-C", .interrupt,
            "Quit (asks first while a new key is shown)", group: .console),
        bind(
            [.controlZ], "^Z", ascii: "Ctrl-Z", .suspend,
            "Suspend to the shell (fg comes back; a shown key is masked first)", group: .console),
    ]

    /// The bindings of a context, in the order the help and the hint line show them.
    public static func bindings(_ context: KeyContext) -> [Binding] {
        switch context {
        case .list: list
        case .filter: filter
        case .details: details
        case .help: help
        case .createForm: form(text: false, choices: true)
        case .createText: form(text: true, choices: false)
        case .createCustomExpiry: form(text: true, choices: true)
        case .createReview: review(verb: "create", help: "Create the key")
        case .rotateReview: review(verb: "rotate", help: "Create the new key like the old one")
        case .migratePaste: migratePaste
        case .migrateReview:
            review(verb: "migrate", help: "Create the v2 key for the v1 key's endpoint")
        case .creating, .bulkRevoking: []
        case .secret: secret(reveal: "reveal")
        case .secretRevealed: secret(reveal: "hide")
        case .secretWriteText: writeForm(format: false)
        case .secretWriteFormat: writeForm(format: true)
        case .secretClose: secretClose
        case .secretStore: secretStore
        case .secretRegion: secretRegion
        case .secretCopy: secretCopy
        case .revoke: revoke
        case .bulkRevoke: revoke + bulkRevokeScroll
        case .bulkRevokeDone: bulkRevokeDone
        case .picker: picker
        case .pickerCustom: pickerCustom
        case .rotateFinish: rotateFinish
        case .journal: journal
        case .sortMenu: sortMenu
        case .accountMenu: accountMenu
        }
    }

    /// The binding a key triggers in a context: its own table first, then the global one.
    public static func binding(for key: Key, in context: KeyContext) -> Binding? {
        (bindings(context) + global).first { $0.keys.contains(key) }
    }

    /// The binding that does `action` in a context, for text that names its key.
    public static func binding(doing action: Action, in context: KeyContext) -> Binding? {
        (bindings(context) + global).first { $0.action == action }
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

    // MARK: The tables

    /// The list's keys, each in its help group, in the hint line's order. Hints give way by
    /// priority: 0 never, then the highest number first; the help key always ends the line.
    static let list: [Binding] = [
        bind([.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Move up", group: .move),
        bind(
            [.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Move down",
            group: .move),
        bind([.pageUp], "PgUp", .previousPage, "Page up", group: .move),
        bind([.pageDown], "PgDn", .nextPage, "Page down", group: .move),
        bind([.home, .character("g")], "Home/g", .top, "First key", group: .move),
        bind([.end, .character("G")], "End/G", .bottom, "Last key", group: .move),
        bind(
            [.enter], "⏎", ascii: "Enter", .details, "Details of the key", hint: "details",
            priority: 1, group: .act),
        bind(
            [.character("/")], "/", .filter, "Filter by id, description, role", hint: "filter",
            priority: 1, group: .find),
        bind(
            [.character("e")], "e", .toggleExpiring, "Only keys expiring within 7 days",
            hint: "expiring", priority: 3, group: .find),
        bind(
            [.character("!")], "!", .toggleFindings, "Only keys with policy findings",
            hint: "findings", priority: 6, group: .find),
        bind(
            [.character("s")], "s", .cycleSort, "Sort by the next column", hint: "sort",
            priority: 2, group: .find),
        bind([.character("S")], "S", .reverseSort, "Reverse the sort", group: .find),
        bind(
            [.character("o"), .f6], "o/F6", .sortMenu, "Pick the column to sort by",
            hint: "sort by", hintLabel: "o", priority: 7, group: .find),
        bind(
            [.escape], "Esc", .clearFilter, "Clear the filter and the e and ! toggles", group: .find
        ),
        bind(
            [.character("r")], "r", .refresh, "Refresh now", hint: "refresh", priority: 3,
            group: .find),
        bind(
            [.character("n")], "n", .newKey, "New key", hint: "create", priority: 1,
            destructive: true, group: .act),
        bind(
            [.character("d")], "d", .revoke, "Revoke the key, or the marked keys", hint: "revoke",
            priority: 1, destructive: true, group: .act),
        bind(
            [.character("R")], "R", .rotate, "Rotate: a new key like it, then revoke or keep",
            hint: "rotate", priority: 2, destructive: true, group: .act),
        bind(
            [.character(" ")], "Space", .mark, "Mark the key (d revokes all marked)",
            hint: "mark", priority: 4, destructive: true, group: .act),
        bind([.character("U")], "U", .clearMarks, "Clear every mark, hidden ones too", group: .act),
        bind(
            [.character("c")], "c", .copyId, "Send the key id to the terminal clipboard",
            hint: "copy id", priority: 6, needsManager: false, group: .act),
        bind(
            [.character("M")], "M", .migrate,
            "Migrate a v1 key: paste it, get its v2 replacement for the same endpoint",
            hint: "migrate", priority: 5, destructive: true, group: .act),
        bind(
            [.character("F")], "F", .finishRotations,
            "Finish the due rotations: revoke their old keys", hint: "finish", priority: 6,
            destructive: true, group: .act),
        bind(
            [.character("A")], "A", .nextAccount,
            "Only one account's keys, the next, then all (several accounts)",
            needsManager: false, group: .account),
        bind(
            [.character("p")], "p", .regionPicker, "Pick the region (endpoint)", hint: "region",
            priority: 4, needsManager: false, group: .account),
        bind(
            [.character("a")], "a", .journal, "The audit journal: every change made here",
            hint: "journal", priority: 5, needsManager: false, group: .account),
        bind([.character("q")], "q", .quit, "Quit", hint: "quit", priority: 0, group: .console),
        bind(
            [.character("?")], "?", .help, "This help", hint: "help", priority: 0, group: .console),
    ]

    static let filter: [Binding] = [
        bind(
            [.enter], "⏎", ascii: "Enter", .applyFilter, "Keep the filter", hint: "keep",
            priority: 0),
        bind([.escape], "Esc", .clearFilter, "Clear the filter", hint: "clear", priority: 0),
        bind([.up], "↑", ascii: "Up", .moveUp, "Move up"),
        bind([.down], "↓", ascii: "Down", .moveDown, "Move down"),
        bind([.pageUp], "PgUp", .previousPage, "Page up"),
        bind([.pageDown], "PgDn", .nextPage, "Page down"),
    ]

    static let details: [Binding] = [
        bind(
            [.escape, .enter, .character("q")], "Esc/⏎/q", ascii: "Esc/Enter/q", .close,
            "Close the details", hint: "close", hintLabel: "Esc", priority: 0),
        bind(
            [.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Scroll up", hint: "scroll",
            hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Scroll down"),
        bind([.character("?")], "?", .help, "Help", hint: "help", priority: 0),
    ]

    static let journal: [Binding] = [
        bind(
            [.escape, .enter, .character("q")], "Esc/⏎/q", ascii: "Esc/Enter/q", .close,
            "Close the journal", hint: "close", hintLabel: "Esc", priority: 0),
        bind(
            [.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Scroll up", hint: "scroll",
            hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Scroll down"),
        bind([.pageUp], "PgUp", .previousPage, "A page up"),
        bind([.pageDown], "PgDn", .nextPage, "A page down"),
        bind([.character("?")], "?", .help, "Help", hint: "help", priority: 0),
    ]

    static let sortMenu: [Binding] = [
        bind(
            [.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Previous column",
            hint: "move", hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Next column"),
        bind(
            [.enter], "⏎", ascii: "Enter", .confirm, "Sort by this column", hint: "sort",
            priority: 0),
        bind(
            [.escape, .character("q"), .character("o"), .f6], "Esc/q", .close,
            "Close, keeping the sort", hint: "close", hintLabel: "Esc", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let accountMenu: [Binding] = [
        bind(
            [.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Previous account",
            hint: "move", hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Next account"),
        bind(
            [.enter], "⏎", ascii: "Enter", .confirm, "Create the key in this account",
            hint: "choose", priority: 0),
        bind(
            [.escape, .character("q")], "Esc/q", .close, "Close; nothing is created",
            hint: "close", hintLabel: "Esc", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let help: [Binding] = [
        bind(
            [.escape, .enter, .character("q"), .character("?")], "Esc/⏎/q/?",
            ascii: "Esc/Enter/q/?", .close, "Close the help", hint: "close", hintLabel: "Esc",
            priority: 0),
        bind(
            [.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Scroll up", hint: "scroll",
            hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Scroll down"),
        bind([.pageUp], "PgUp", .previousPage, "A page up"),
        bind([.pageDown], "PgDn", .nextPage, "A page down"),
        bind([.home, .character("g")], "Home/g", .top, "The top"),
        bind([.end, .character("G")], "End/G", .bottom, "The end"),
    ]

    /// The new key's form: `choices` when the field with focus is chosen with ←/→, `text`
    /// when it is typed into.
    private static func form(text: Bool, choices: Bool) -> [Binding] {
        fields(
            choices: choices ? ("Previous role or expiry", "Next role or expiry", "choose") : nil,
            confirm: bind(
                [.enter], "Enter", .confirm, "Review what will be created", hint: "review",
                priority: 0),
            cancel: bind(
                [.escape], "Esc", .cancel, "Cancel: nothing is created", hint: "cancel", priority: 0
            ),
            text: text)
    }

    /// A form's keys: Tab and the arrows between fields, ←/→ for a field of `choices`
    /// (previous, next, hint), then Enter and Esc, and `?` unless a text field has focus.
    private static func fields(
        choices: (previous: String, next: String, hint: String)?, confirm: Binding,
        cancel: Binding, text: Bool
    ) -> [Binding] {
        var table = [
            bind(
                [.tab, .down], "Tab/↓", ascii: "Tab/Down", .nextField, "Next field",
                hint: "next", hintLabel: "Tab", priority: 1),
            bind(
                [.up, .backTab], "↑/S-Tab", ascii: "Up/Shift-Tab", .previousField,
                "Previous field"),
        ]
        if let choices {
            table += [
                bind(
                    [.left], "←", ascii: "Left", .choosePrevious, choices.previous,
                    hint: choices.hint, hintLabel: "◀▶", asciiHintLabel: "<>"),
                bind([.right], "→", ascii: "Right", .chooseNext, choices.next),
            ]
        }
        table += [confirm, cancel]
        if !text { table.append(bind([.character("?")], "?", .help, "Help")) }
        return table
    }

    private static func review(verb: String, help: String) -> [Binding] {
        [
            bind([.enter], "Enter", .confirm, help, hint: verb, priority: 0),
            bind(
                [.left, .backspace, .character("e")], "←/e", ascii: "Left/e", .edit,
                "Change the role, description or expiry", hint: "edit", hintLabel: "←",
                asciiHintLabel: "Left", priority: 1),
            bind(
                [.escape], "Esc", .cancel, "Cancel: nothing is created", hint: "cancel", priority: 0
            ),
            bind([.character("?")], "?", .help, "Help"),
        ]
    }

    private static func secret(reveal: String) -> [Binding] {
        [
            bind([.character("v")], "v", .reveal, "Reveal or hide the key", hint: reveal),
            bind(
                [.character("c")], "c", .copySecret, "Send the key to the terminal clipboard",
                hint: "copy",
                priority: 1),
            bind(
                [.character("w")], "w", .writeFile, "Write the key to a new file (mode 0600)",
                hint: "write", priority: 1),
            bind(
                [.character("s")], "s", .storeSecret,
                "Send the key to a secret store of the config (stdin)",
                hint: "store", priority: 3),
            bind(
                [.escape, .enter, .character("q")], "Esc/⏎/q", ascii: "Esc/Enter/q", .close,
                "Close: asks whether the key is stored", hint: "close", hintLabel: "Esc",
                priority: 0),
            bind([.character("?")], "?", .help, "Help"),
        ]
    }

    /// Writing the new key to a file: the format is chosen with ←/→, the path and the
    /// profile name are typed.
    private static func writeForm(format: Bool) -> [Binding] {
        fields(
            choices: format ? ("Previous format", "Next format", "format") : nil,
            confirm: bind(
                [.enter], "Enter", .confirm, "Write the file", hint: "write", priority: 0),
            cancel: bind([.escape], "Esc", .cancel, "Back to the key", hint: "back", priority: 0),
            text: !format)
    }

    static let migratePaste: [Binding] = [
        bind(
            [.enter], "Enter", .confirm, "Read the pasted key: its kind, endpoint and region",
            hint: "read", priority: 0),
        bind(
            [.escape], "Esc", .cancel, "Cancel: nothing is created", hint: "cancel", priority: 0),
    ]

    static let secretClose: [Binding] = [
        bind(
            [.character("y"), .character("Y")], "y", .confirm,
            "Yes, the key is stored: close and forget it", hint: "yes, close", priority: 0),
        bind(
            [.character("n"), .character("N"), .escape], "n/Esc", .cancel, "No: back to the key",
            hint: "back", hintLabel: "n", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let secretCopy: [Binding] = [
        bind(
            [.enter], "⏎", ascii: "Enter", .confirm, "Send the key by OSC 52 anyway",
            hint: "send anyway", priority: 0),
        bind(
            [.character("w")], "w", .writeFile, "Write the key to a new file instead",
            hint: "write", priority: 1),
        bind(
            [.character("s")], "s", .storeSecret, "Send the key to a secret store instead",
            hint: "store", priority: 1),
        bind([.escape], "Esc", .cancel, "Back to the key: nothing sent", hint: "back", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let secretRegion: [Binding] = [
        bind(
            [.character("y"), .character("Y")], "y", .confirm,
            "Yes: later starts use this region too", hint: "yes, console too", priority: 0),
        bind(
            [.character("n"), .character("N"), .escape, .enter], "n/Esc/⏎", ascii: "n/Esc/Enter",
            .cancel, "No: this file only (the default)", hint: "no, this file only",
            hintLabel: "n", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let secretStore: [Binding] = [
        bind(
            [.up, .character("k")], "↑/k", ascii: "Up/k", .moveUp, "Previous store", hint: "move",
            hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down, .character("j")], "↓/j", ascii: "Down/j", .moveDown, "Next store"),
        bind(
            [.enter], "Enter", .confirm, "Send the key to this store", hint: "store", priority: 0),
        bind([.escape], "Esc", .cancel, "Back to the key", hint: "back", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let revoke: [Binding] = [
        bind(
            [.escape], "Esc", .cancel, "Cancel: nothing is revoked (the default)",
            hint: "cancel (default)", priority: 0),
        bind(
            [.enter], "Enter", .confirm, "Revoke, once the confirmation is typed", hint: "revoke",
            priority: 0),
    ]

    /// The marked keys' list scrolls while the count is typed.
    static let bulkRevokeScroll: [Binding] = [
        bind(
            [.up], "↑", ascii: "Up", .moveUp, "Scroll the marked keys up", hint: "scroll",
            hintLabel: "↑↓", asciiHintLabel: "Up/Down", priority: 1),
        bind([.down], "↓", ascii: "Down", .moveDown, "Scroll the marked keys down"),
        bind([.pageUp], "PgUp", .previousPage, "Scroll a page up"),
        bind([.pageDown], "PgDn", .nextPage, "Scroll a page down"),
    ]

    static let bulkRevokeDone: [Binding] = [
        bind(
            [.enter, .escape, .character("q")], "⏎/Esc/q", ascii: "Enter/Esc/q", .close,
            "Close", hint: "close", hintLabel: "Enter", asciiHintLabel: "Enter", priority: 0),
        bind([.character("?")], "?", .help, "Help"),
    ]

    static let picker: [Binding] = [
        bind(
            [.up], "↑", ascii: "Up", .moveUp, "Previous region", hint: "move", hintLabel: "↑↓",
            asciiHintLabel: "^v", priority: 1),
        bind([.down], "↓", ascii: "Down", .moveDown, "Next region"),
        bind([.pageUp], "PgUp", .previousPage, "A page of regions up"),
        bind([.pageDown], "PgDn", .nextPage, "A page of regions down"),
        bind([.home], "Home", .top, "First region"),
        bind([.end], "End", .bottom, "Last row: a custom endpoint"),
        bind(
            [.enter], "Enter", .confirm, "Use the region, or type a custom endpoint",
            hint: "choose", priority: 0),
        bind(
            [.escape], "Esc", .close, "Close without changing the region", hint: "close",
            priority: 0),
    ]

    static let pickerCustom: [Binding] = [
        bind([.enter], "Enter", .confirm, "Use this endpoint", hint: "use", priority: 0),
        bind([.escape], "Esc", .cancel, "Back to the regions", hint: "back", priority: 0),
    ]

    static let rotateFinish: [Binding] = [
        bind(
            [.character("r")], "r", .revoke, "Revoke the old key now", hint: "revoke old now",
            priority: 0),
        bind(
            [.character("k"), .escape], "k/Esc", .keepBoth,
            "Keep both keys for the overlap shown, while clients move over", hint: "keep both",
            priority: 0),
        bind(
            [.left], "←", ascii: "Left", .choosePrevious, "A shorter overlap", hint: "overlap",
            hintLabel: "◀▶", asciiHintLabel: "<>", priority: 1),
        bind([.right], "→", ascii: "Right", .chooseNext, "A longer overlap"),
        bind([.character("?")], "?", .help, "Help"),
    ]

    private static func bind(
        _ keys: [Key], _ label: String, ascii: String? = nil, _ action: Action, _ help: String,
        hint: String? = nil, hintLabel: String? = nil, asciiHintLabel: String? = nil,
        priority: Int = 2, destructive: Bool = false, needsManager: Bool? = nil,
        group: KeyGroup? = nil
    ) -> Binding {
        Binding(
            keys: keys, label: label, asciiLabel: ascii ?? label, action: action, help: help,
            hint: hint, hintLabel: hintLabel,
            asciiHintLabel: asciiHintLabel
                ?? hintLabel.map { $0.allSatisfy(\.isASCII) ? $0 : (ascii ?? label) },
            priority: priority, destructive: destructive, needsManager: needsManager ?? destructive,
            group: group)
    }
}
