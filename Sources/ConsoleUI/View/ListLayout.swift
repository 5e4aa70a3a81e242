import TextKit

/// Column widths of the list for a screen width: narrower screens drop columns.
struct ListLayout {
    /// The ACCOUNT column, first, with several accounts.
    var account: Int?
    var role: Int
    var id: Int?
    var issued: Int?
    var expires: Int?
    var left = 10
    var description: Int

    /// The screen row of the column titles: under the header's two lines, and its line of
    /// accounts when there are several.
    static func titleRow(_ state: ConsoleState) -> Int { state.isSeveral ? 3 : 2 }
    /// The screen row of the list's first key.
    static func firstRow(_ state: ConsoleState) -> Int { titleRow(state) + 1 }

    /// The widest a role column grows to show custom role names whole.
    static let widestRole = 24

    /// The layout for `width` columns. From 100 columns ROLE grows to `longestRole` (the
    /// account's longest role name, at most ``widestRole``) while DESCRIPTION keeps 20.
    /// With several accounts, `longestAccount` (the longest profile name) makes the ACCOUNT
    /// column, at most 12 wide, taken from DESCRIPTION, which keeps at least 8.
    init(width: Int, longestRole: Int = 0, longestAccount: Int? = nil) {
        switch width {
        case 120...:
            // Wide: custom role names whole when they fit, key ids whole from 140 columns.
            role = 16
            let idWidth = width >= 140 ? 32 : 20
            id = idWidth
            issued = 10
            expires = 16
            description = width - 59 - idWidth
        case 80..<120:
            role = 10
            id = 9
            issued = 10
            expires = 16
            description = width - 62
        case 64..<80:
            role = 10
            id = 9
            expires = 16
            description = width - 51
        case 48..<64:
            role = 10
            id = 9
            description = width - 34
        default:
            role = 9
            description = max(1, width - 23)
        }
        if width >= 100 {
            let extra = min(min(longestRole, Self.widestRole) - role, description - 20)
            if extra > 0 {
                role += extra
                description -= extra
            }
        }
        if let longestAccount {
            let taken = min(max(longestAccount, 4), 12, max(1, description - 9))
            account = taken
            description -= taken + 1
        }
    }

    /// The layout of the list `state` shows: its width, and its account's longest role name.
    static func of(_ state: ConsoleState) -> ListLayout {
        // With several accounts, every account's names: each key shows its own account's.
        let names =
            state.isSeveral
            ? state.accounts.flatMap(\.roleNames.values) : Array(state.roleNames.values)
        let longestRole = names.lazy.map { DisplayWidth.of(TextSanitizer.inert($0)) }.max()
        let longestAccount =
            state.isSeveral
            ? state.accounts.map { DisplayWidth.of(TextSanitizer.inert($0.profile)) }.max()
            : nil
        return ListLayout(
            width: state.width, longestRole: longestRole ?? 0, longestAccount: longestAccount)
    }

    /// The column a click at `x` falls in, as the sort it stands for (EXPIRES sorts as LEFT).
    func sortColumn(at x: Int) -> SortColumn? {
        var left = 2
        for column in columns(zone: "") {
            if x >= left && x < left + column.width + 1 {
                return column.sort ?? (column.title.hasPrefix("EXPIRES") ? .expiry : nil)
            }
            left += column.width + 1
        }
        return nil
    }

    /// The columns a list `width` columns wide can sort by, in the order `s` cycles.
    static func sortColumns(width: Int) -> [SortColumn] {
        let shown = Set(ListLayout(width: width).columns(zone: "").compactMap(\.sort))
        return SortColumn.allCases.filter(shown.contains)
    }

    /// The columns in order: title, width, and the sort column each stands for.
    /// `zone` names the time zone of the dates (`EXPIRES CET`).
    func columns(zone: String) -> [(title: String, width: Int, sort: SortColumn?)] {
        var out: [(String, Int, SortColumn?)] = []
        if let account { out.append(("ACCOUNT", account, nil)) }
        out.append((SortColumn.role.title, role, .role))
        if let id { out.append((SortColumn.id.title, id, .id)) }
        out.append((SortColumn.description.title, description, .description))
        if let issued { out.append((SortColumn.issued.title, issued, .issued)) }
        if let expires { out.append(("EXPIRES \(zone)", expires, nil)) }
        out.append((SortColumn.expiry.title, left, .expiry))
        return out
    }
}
