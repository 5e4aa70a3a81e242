/// The pages of `GET /api-keys`, fetched one at a time as they are consumed: the one paging
/// path of the console and the commands, with its guards against an API that would page
/// forever or send a key twice.
public struct KeyPages: AsyncSequence, Sendable {
    /// One page of keys, without the ids an earlier page already gave.
    public typealias Element = [ApiKeyInfo]
    /// Only service errors end the sequence early.
    public typealias Failure = KeyServiceError

    let service: any KeyService
    let pageSize: Int
    /// More pages than this end the list with an error: a server that hands out a new token
    /// forever with empty pages would otherwise be paged forever.
    var maxPages = 10_000
    /// More keys than this end the list with an error (``maxKeys`` unless given).
    var maxKeys = KeyPages.maxKeys

    /// The most keys a list may have before it is refused as endless: 1,000,000 unless set
    /// (`--max-keys`) for the task that lists.
    @TaskLocal public static var maxKeys = 1_000_000

    /// Starts at the first page.
    public func makeAsyncIterator() -> Iterator {
        Iterator(service: service, pageSize: pageSize, maxPages: maxPages, maxKeys: maxKeys)
    }

    /// Notes a page's `next_token`. A token given twice (repeated or in a cycle), or more than
    /// `maxPages` pages, would page forever (or nearly), so either is an error.
    static func follow(
        _ token: String?, seen: inout Set<String>, maxPages: Int
    ) throws(KeyServiceError) {
        guard let token else { return }
        guard seen.insert(token).inserted else {
            throw .invalidResponse("it gave the same next_token twice, so the list would never end")
        }
        guard seen.count < maxPages else {
            throw .invalidResponse("it still had more after \(maxPages) pages")
        }
    }

    /// Follows `next_token` until the API gives none.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let service: any KeyService
        let pageSize: Int
        let maxPages: Int
        let maxKeys: Int
        var nextToken: String?
        var seenTokens: Set<String> = []
        var seenIds: Set<String> = []
        /// Whether the last page has been given.
        public private(set) var isFinished = false
        /// How many keys the API listed again after an earlier page (each is given once).
        public private(set) var duplicates = 0

        init(service: any KeyService, pageSize: Int, maxPages: Int, maxKeys: Int) {
            self.service = service
            self.pageSize = pageSize
            self.maxPages = maxPages
            self.maxKeys = maxKeys
        }

        /// The next page, or `nil` after the last one.
        public mutating func next() async throws(KeyServiceError) -> [ApiKeyInfo]? {
            guard !isFinished else { return nil }
            let page = try await service.listKeys(limit: pageSize, nextToken: nextToken)
            try KeyPages.follow(page.nextToken, seen: &seenTokens, maxPages: maxPages)
            // The page as it came (no copy) unless it repeats an id.
            var keys = page.keyInfo
            var repeated: [Int] = []
            for (index, key) in page.keyInfo.enumerated()
            where !seenIds.insert(key.keyId).inserted {
                repeated.append(index)
            }
            if !repeated.isEmpty {
                duplicates += repeated.count
                for index in repeated.reversed() { keys.remove(at: index) }
            }
            guard seenIds.count <= maxKeys else {
                throw .invalidResponse(
                    "it listed more than \(maxKeys) keys, the most keyconsole takes (--max-keys"
                        + " sets it)")
            }
            nextToken = page.nextToken
            isFinished = page.nextToken == nil
            return keys
        }

        /// The next page, or `nil` after the last one.
        public mutating func next(
            isolation actor: isolated (any Actor)?
        ) async throws(KeyServiceError) -> [ApiKeyInfo]? {
            try await next()
        }

        /// "The API listed 3 keys twice; each is shown once.", when it did.
        public var duplicatesWarning: String? {
            guard duplicates > 0 else { return nil }
            return "The API listed \(duplicates) key\(duplicates == 1 ? "" : "s") more than once;"
                + " each is shown once."
        }
    }
}
