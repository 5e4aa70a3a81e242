import Foundation
import MomentoKeys

/// The list's actions, the filter's, and choosing a region.
extension ConsoleUpdate {
    static func listAction(_ action: Action, _ state: inout ConsoleState) -> [Effect] {
        let count = state.visibleKeys.count
        switch action {
        case .moveUp: state.selectedIndex -= 1
        case .moveDown: state.selectedIndex += 1
        case .previousPage: state.selectedIndex -= state.listRows
        case .nextPage: state.selectedIndex += state.listRows
        case .top: state.selectedIndex = 0
        case .bottom: state.selectedIndex = count - 1
        case .details:
            if state.selectedKey != nil { state.overlay = .details }
        case .filter:
            state.editingFilter = true
        case .applyFilter:
            state.editingFilter = false
        case .clearFilter:
            // While typing, Esc drops the filter; in the list, it drops the e toggle too.
            if !state.editingFilter { state.expiringOnly = false }
            state.editingFilter = false
            state.filterEditor = LineEditor(limit: ConsoleState.filterLimit)
        case .toggleExpiring:
            state.expiringOnly.toggle()
            state.selectedIndex = 0
        case .cycleSort:
            state.sort = state.sort.next
            state.reversed = false
            state.selectedIndex = 0
        case .reverseSort:
            state.reversed.toggle()
            state.selectedIndex = 0
        case .refresh:
            guard state.loading == nil else {
                flash(&state, "Already refreshing", .info)
                return []
            }
            return beginLoad(&state)
        case .quit:
            state.quitting = true
            return [.quit]
        case .revoke where !state.marked.isEmpty:
            let ids = state.shownKeys.map(\.keyId).filter(state.marked.contains)
            state.overlay = .bulkRevoke(
                BulkRevokeDialog(
                    keyIds: ids, includesOwnKey: state.backend.ownKeyId.map(ids.contains) ?? false))
        case .mark:
            if let key = state.selectedKey {
                if state.marked.remove(key.keyId) == nil { state.marked.insert(key.keyId) }
                state.selectedIndex += 1
            }
        case .revoke:
            if let key = state.selectedKey {
                state.overlay = .revoke(
                    RevokeDialog(key: key, isOwnKey: key.keyId == state.backend.ownKeyId))
            }
        case .copyId:
            if let key = state.selectedKey {
                flash(&state, "Copied \(key.keyId) to the clipboard", .info)
                return [.copyToClipboard(key.keyId)]
            }
        case .regionPicker:
            var picker = RegionPicker()
            if let endpoint = state.endpoint,
                let index = state.regions.firstIndex(where: {
                    Endpoint.normalizedHost($0.endpoint) == Endpoint.normalizedHost(endpoint)
                })
            {
                picker.index = index
            }
            state.overlay = .regionPicker(picker)
        case .newKey:
            openCreate(rotating: nil, &state)
        case .rotate:
            if let key = state.selectedKey { openCreate(rotating: key, &state) }
        default:
            break
        }
        if let key = state.visibleKeys[safe: state.selectedIndex] {
            state.selectedKeyId = key.keyId
        }
        return []
    }

    /// Makes `endpoint` the one for new keys, shows it in the header, and saves it. Moving
    /// between prod and preprod changes the key API, so the keys and roles load again.
    static func choose(_ endpoint: String, _ state: inout ConsoleState) -> [Effect] {
        state.overlay = nil
        let previous = state.endpoint
        state.endpoint = endpoint
        let table = RegionTable(regions: state.regions)
        if state.backend.kind.isMomento {
            state.backend.kind = BackendInfo.Kind(endpoint: endpoint, table: table)
        }
        let described: String
        switch table.classify(endpoint: endpoint) {
        case .region(let region): described = "\(region.name) (\(region.endpoint))"
        case .preprod(let host): described = "\(host) (preprod)"
        case .custom(let host): described = "\(host) (custom)"
        }
        flash(&state, "Region: \(described)", .info)
        var effects: [Effect] = [.saveEndpoint(endpoint)]
        // Without an endpoint the console used the prod key API.
        let sameAPI =
            Endpoint.keyManagementBaseURL(for: previous ?? "")
            == Endpoint.keyManagementBaseURL(for: endpoint)
        if state.needsEndpoint || (!sameAPI && state.backend.kind.isMomento) {
            state.needsEndpoint = false
            state.keys = []
            state.loaded = false
            state.marked = []
            effects += beginLoad(&state) + [beginRoles(&state)]
        }
        return effects
    }
}
