import MomentoKeys
import ScreenModel

/// The region picker: the regions table with a filter, and a custom endpoint entry.
public struct RegionPicker: Sendable, Hashable {
    /// What is typed to narrow the table.
    public var filter = LineEditor(limit: 64)
    /// The highlighted row; the row after the last region is "Custom endpoint".
    public var index = 0
    /// The host being typed, once "Custom endpoint" was chosen.
    public var customHost: LineEditor?
    /// Why the last Enter did nothing.
    public var error: String?

    /// A picker on the first row.
    public init() {}

    /// The regions matching the filter (name, code or cell).
    public func rows(_ regions: [Region]) -> [Region] {
        let needle = filter.text.lowercased()
        guard !needle.isEmpty else { return regions }
        return regions.filter {
            $0.name.lowercased().contains(needle) || $0.code.lowercased().contains(needle)
                || $0.cell.lowercased().contains(needle)
        }
    }

    /// The keymap in force.
    public var keyContext: KeyContext { customHost == nil ? .picker : .pickerCustom }

    /// Arrows move, Enter chooses; the last row takes a custom host name (validated). Esc
    /// steps back from the host, and closes the table.
    public mutating func handle(_ action: Action, regions: [Region]) -> DialogOutcome {
        if let host = customHost {
            switch action {
            case .cancel:
                customHost = nil
                error = nil
            case .confirm:
                let normalized = Endpoint.normalizedHost(host.text)
                guard Endpoint.isValidHostName(normalized) else {
                    error = "\"\(host.text)\" is not a host name"
                    return .stay
                }
                return .chooseEndpoint(normalized)
            default:
                break
            }
            return .stay
        }
        let rows = rows(regions)
        switch action {
        case .close:
            return .close()
        case .moveUp:
            index = max(0, index - 1)
        case .moveDown:
            index = min(rows.count, index + 1)
        case .previousPage:
            index = max(0, index - Self.pageRows)
        case .nextPage:
            index = min(rows.count, index + Self.pageRows)
        case .top:
            index = 0
        case .bottom:
            index = rows.count
        case .confirm:
            if index < rows.count { return .chooseEndpoint(rows[index].endpoint) }
            customHost = LineEditor(limit: 253, charset: .hostName)
        default:
            break
        }
        return .stay
    }

    /// How far a page key moves.
    static let pageRows = 5

    /// A key for the field with focus: the custom host, or the filter.
    public mutating func edit(_ key: Key) {
        if var host = customHost {
            _ = host.handle(key)
            customHost = host
            error = nil
        } else {
            let before = filter.text
            _ = filter.handle(key)
            // Moving the cursor keeps the highlight; a changed filter starts at the top.
            if filter.text != before { index = 0 }
        }
    }
}
