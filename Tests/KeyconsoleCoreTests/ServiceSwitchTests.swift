import Foundation
import KeyconsoleCore
import MomentoKeyClient
import MomentoKeys
import Synchronization
import Testing

@Suite("The console's key API follows the chosen endpoint")
struct ServiceSwitchTests {
    /// A client of `url` that is never called (the switch only makes and keeps them).
    static func client(_ url: URL) -> MomentoKeyService {
        MomentoKeyService(
            configuration: MomentoKeyService.Configuration(baseURL: url, apiKey: Secret("k")))
    }

    @Test("prod to preprod makes a preprod client; the same API again changes nothing")
    func switches() async {
        let made = Mutex<[URL]>([])
        let first = Self.client(Endpoint.productionKeyAPI)
        let services = ServiceSwitch(service: first, baseURL: Endpoint.productionKeyAPI) { url in
            made.withLock { $0.append(url) }
            return Self.client(url)
        }
        #expect(!services.use(endpoint: "cell-1-eu-west-1-1.prod.a.momentohq.com"))
        #expect(services.service as? MomentoKeyService === first)
        #expect(services.use(endpoint: "cell-alpha-dev.preprod.a.momentohq.com"))
        #expect(made.withLock { $0 } == [Endpoint.preprodKeyAPI])
        #expect(services.service as? MomentoKeyService !== first)
        #expect(services.use(endpoint: "cell-4-us-west-2-1.prod.a.momentohq.com"))
        #expect(made.withLock { $0 } == [Endpoint.preprodKeyAPI, Endpoint.productionKeyAPI])
        await services.shutdown()
        try? await first.shutdown()
    }

    @Test("with --api-url (no factory) the endpoint never moves the API")
    func fixed() async {
        let first = Self.client(URL(string: "http://127.0.0.1:9")!)
        let services = ServiceSwitch(service: first, baseURL: nil, factory: nil)
        #expect(!services.use(endpoint: "cell-alpha-dev.preprod.a.momentohq.com"))
        #expect(services.service as? MomentoKeyService === first)
        await services.shutdown()
        try? await first.shutdown()
    }
}
