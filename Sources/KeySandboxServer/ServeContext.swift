import Hummingbird
import KeySandbox
import MomentoKeys
import NIOCore

/// The request context of `keyconsole serve`: Hummingbird's, plus the channel so a `drop`
/// fault can close the connection without answering.
struct ServeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
