extension RandomAccessCollection {
    /// How many elements come first that are `before` (a binary search: the collection is
    /// ordered so that every element `before` holds of comes ahead of every one it does not).
    func countBefore(_ before: (Element) -> Bool) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if before(self[index(startIndex, offsetBy: middle)]) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
