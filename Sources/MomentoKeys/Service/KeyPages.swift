/// The pages of `GET /api-keys`, fetched one at a time as they are consumed.
public struct KeyPages: AsyncSequence, Sendable {
    /// One page of keys.
    public typealias Element = [ApiKeyInfo]
    /// Only service errors end the sequence early.
    public typealias Failure = KeyServiceError

    let service: any KeyService
    let pageSize: Int
    /// More pages than this end the list with an error: a server that hands out a new token
    /// forever would otherwise be paged forever (10,000 pages of 100 is a million keys).
    var maxPages = 10_000

    /// Starts at the first page.
    public func makeAsyncIterator() -> Iterator {
        Iterator(service: service, pageSize: pageSize, maxPages: maxPages)
    }

    /// Notes a page's `next_token`. A token given twice, or more than `maxPages` pages, would
    /// page forever (or nearly), so either is an error.
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
        var nextToken: String?
        var finished = false
        var seenTokens: Set<String> = []

        init(service: any KeyService, pageSize: Int, maxPages: Int) {
            self.service = service
            self.pageSize = pageSize
            self.maxPages = maxPages
        }

        /// The next page, or `nil` after the last one.
        public mutating func next() async throws(KeyServiceError) -> [ApiKeyInfo]? {
            guard !finished else { return nil }
            let page = try await service.listKeys(limit: pageSize, nextToken: nextToken)
            try KeyPages.follow(page.nextToken, seen: &seenTokens, maxPages: maxPages)
            nextToken = page.nextToken
            finished = page.nextToken == nil
            return page.keyInfo
        }

        /// The next page, or `nil` after the last one.
        public mutating func next(
            isolation actor: isolated (any Actor)?
        ) async throws(KeyServiceError) -> [ApiKeyInfo]? {
            try await next()
        }
    }
}
