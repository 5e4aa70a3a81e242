import MomentoKeys

/// The keys the list shows, in order: a view of the index through the selection, so taking
/// it copies nothing.
public struct VisibleKeys: RandomAccessCollection, Sendable {
    /// Every shown key.
    let keys: [ApiKeyInfo]
    /// Positions in `keys`, in the order shown.
    let positions: [Int32]

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }

    public subscript(position: Int) -> ApiKeyInfo { keys[Int(positions[position])] }

    /// The key at `index`, or `nil` past either end.
    public subscript(safe index: Int) -> ApiKeyInfo? {
        indices.contains(index) ? self[index] : nil
    }
}
