import Foundation
import MomentoKeyClient
import Testing

@testable import MomentoKeys

@Suite("Retry policy and proxy settings")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .milliseconds(300))

    @Test("backoff doubles, is jittered within [half, whole] of its ceiling, and is capped")
    func backoff() {
        let error = KeyServiceError.server(status: 500, message: "")
        #expect(policy.delay(after: error, attempt: 1, unit: 0) == .milliseconds(50))
        #expect(policy.delay(after: error, attempt: 1, unit: 1) == .milliseconds(100))
        #expect(policy.delay(after: error, attempt: 2, unit: 1) == .milliseconds(200))
        #expect(policy.delay(after: error, attempt: 3, unit: 1) == .milliseconds(300))
        #expect(policy.delay(after: error, attempt: 4, unit: 1) == nil)
    }

    @Test("Retry-After is honoured up to the limit")
    func retryAfter() {
        #expect(
            policy.delay(after: .rateLimited(retryAfterSeconds: 2), attempt: 1, unit: 0.5)
                == .seconds(2))
        #expect(
            policy.delay(after: .rateLimited(retryAfterSeconds: 600), attempt: 1, unit: 0.5) == nil)
        #expect(
            policy.delay(after: .rateLimited(retryAfterSeconds: nil), attempt: 1, unit: 1)
                == .milliseconds(100))
    }

    @Test("client errors are not retried")
    func notRetryable() {
        for error in [
            KeyServiceError.badRequest(message: ""), .unauthorized(message: ""),
            .forbidden(message: ""), .notFound(message: ""),
            .createOutcomeUnknown(reason: ""),
        ] {
            #expect(policy.delay(after: error, attempt: 1, unit: 0.5) == nil)
        }
    }

    @Test("HTTPS_PROXY applies to https targets unless NO_PROXY lists the host")
    func proxy() {
        let target = URL(string: "https://mga.registry.prod.a.momentohq.com")!
        #expect(ProxySettings.forTarget(target, environment: [:]) == nil)
        #expect(
            ProxySettings.forTarget(target, environment: ["HTTPS_PROXY": "http://proxy.corp:3128"])
                == ProxySettings(host: "proxy.corp", port: 3128))
        #expect(
            ProxySettings.forTarget(target, environment: ["https_proxy": "proxy.corp"])
                == ProxySettings(host: "proxy.corp", port: 8080))
        #expect(
            ProxySettings.forTarget(target, environment: ["HTTPS_PROXY": "http://u:p%40ss@proxy:8"])
                == ProxySettings(host: "proxy", port: 8, user: "u", password: "p@ss"))
        #expect(
            ProxySettings.forTarget(
                target, environment: ["HTTPS_PROXY": "proxy:1", "NO_PROXY": ".momentohq.com"])
                == nil)
        #expect(
            ProxySettings.forTarget(
                URL(string: "http://127.0.0.1:8080")!, environment: ["HTTPS_PROXY": "proxy:1"])
                == nil)
    }
}
