import MomentoKeys

/// The region picker: the regions table with a filter, and a custom endpoint entry.
public struct RegionPicker: Sendable, Hashable {
    /// What is typed to narrow the table.
    public var filter = ""
    /// The highlighted row; the row after the last region is "Custom endpoint".
    public var index = 0
    /// The host being typed, once "Custom endpoint" was chosen.
    public var customHost: String?
    /// Why the last Enter did nothing.
    public var error: String?

    /// The regions matching the filter (name, code or cell).
    public func rows(_ regions: [Region]) -> [Region] {
        let needle = filter.lowercased()
        guard !needle.isEmpty else { return regions }
        return regions.filter {
            $0.name.lowercased().contains(needle) || $0.code.lowercased().contains(needle)
                || $0.cell.lowercased().contains(needle)
        }
    }
}
