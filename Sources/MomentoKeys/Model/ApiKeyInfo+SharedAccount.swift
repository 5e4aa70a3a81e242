extension Array where Element == ApiKeyInfo {
    /// Gives keys of one account one copy of its id: a decoded page or a read cache otherwise
    /// holds one heap string a key (the ids are longer than a small string's 15 bytes).
    public mutating func shareAccountIds() {
        var shared: String?
        for index in indices {
            if let shared, self[index].accountId == shared {
                self[index].accountId = shared
            } else {
                shared = self[index].accountId
            }
        }
    }
}
