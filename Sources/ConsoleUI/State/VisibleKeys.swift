import MomentoKeys

/// The keys the list shows, in order: a view of the index through the selection, so taking
/// it copies nothing.
public struct VisibleKeys: RandomAccessCollection, Sendable {
    /// Every shown key.
    let keys: [ApiKeyInfo]
    /// Positions in `keys`, in the order shown.
    let positions: [Int32]

    /// The first place: 0.
    public var startIndex: Int { 0 }
    /// One past the last place: how many keys are visible.
    public var endIndex: Int { positions.count }

    /// The key at a place in the list.
    public subscript(position: Int) -> ApiKeyInfo { keys[Int(positions[position])] }
}
