import Foundation
import HTTPKit
import Synchronization

/// The test router, except that `/defer/<name>` answers later: its `ResponseSlot` is kept
/// under `<name>` for the test to complete, and `/completed` returns a slot that is already
/// complete.
final class DeferringResponder: HTTPResponder {
    private let router = TestServer.makeRouter()
    private let slots = Mutex<[String: ResponseSlot]>([:])

    func respond(to request: HTTPRequest) -> HTTPResponse {
        reply(to: request).wait()
    }

    func reply(to request: HTTPRequest) -> HTTPReply {
        let path = request.path
        if path.hasPrefix("/defer/") {
            let slot = ResponseSlot()
            slots.withLock { $0[String(path.dropFirst("/defer/".count))] = slot }
            return .deferred(slot)
        }
        if path == "/completed" {
            let slot = ResponseSlot()
            slot.complete(Self.body("completed"))
            return .deferred(slot)
        }
        return .response(router.respond(to: request))
    }

    /// A JSON response naming `name`, so tests can tell replies apart.
    static func body(_ name: String) -> HTTPResponse {
        .json(Array(#"{"reply":"\#(name)"}"#.utf8))
    }

    /// Whether `/defer/<name>` has reached the responder.
    func hasSlot(_ name: String) -> Bool {
        slots.withLock { $0[name] != nil }
    }

    /// The slot of `/defer/<name>`, waiting up to `timeout` seconds for the request to arrive.
    func slot(_ name: String, timeout: Double = 5) -> ResponseSlot? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let slot = slots.withLock({ $0[name] }) { return slot }
            usleep(1000)
        }
        return nil
    }

    /// Completes the slot of `/defer/<name>` from a new thread.
    func completeFromAnotherThread(_ name: String) {
        guard let slot = slot(name) else { return }
        Thread { slot.complete(Self.body(name)) }.start()
    }
}
