#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import HTTPKit

/// Deferred responses (`HTTPReply.deferred`) over real sockets: completion from other
/// threads, ordering behind a pending reply, peers that leave, and graceful shutdown.
@Suite struct HTTPServerDeferredReplyTests {
    @Test func deferredReply_IsSent_WhenCompletedFromAnotherThread() throws {
        let responder = DeferringResponder()
        try TestServer.with(responder: responder) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /defer/a HTTP/1.1\r\nHost: x\r\n\r\n")
            responder.completeFromAnotherThread("a")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == #"{"reply":"a"}"#)
            #expect(response.header("Connection") == nil)
            try client.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().body == TestServer.healthBody)
        }
    }

    @Test func alreadyCompletedSlot_IsAnsweredAtOnce() throws {
        try TestServer.with(responder: DeferringResponder()) { port, _ in
            let client = try TestClient(port: port)
            try client.send("GET /completed HTTP/1.1\r\nHost: x\r\n\r\nGET /completed HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == #"{"reply":"completed"}"#)
            #expect(try client.readResponse().text == #"{"reply":"completed"}"#)
        }
    }

    @Test func pipelinedRequests_BehindAPendingReply_AreAnsweredInOrder() throws {
        let responder = DeferringResponder()
        try TestServer.with(responder: responder) { port, _ in
            let client = try TestClient(port: port, timeout: 0.3)
            try client.send(
                "GET /defer/first HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /defer/second HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try #require(responder.slot("first"))
            #expect(throws: TestClientError.timedOut) { try client.readResponse() }
            #expect(!responder.hasSlot("second"), "requests behind a pending reply must not be parsed yet")

            first.complete(DeferringResponder.body("first"))
            #expect(try client.readResponse().text == #"{"reply":"first"}"#)
            #expect(try client.readResponse().body == TestServer.healthBody)
            responder.completeFromAnotherThread("second")
            #expect(try client.readResponse().text == #"{"reply":"second"}"#)
        }
    }

    @Test func requestSent_WhileAReplyIsPending_WaitsUnread_ThenIsAnsweredInOrder() throws {
        let responder = DeferringResponder()
        try TestServer.with(responder: responder) { port, _ in
            let client = try TestClient(port: port, timeout: 0.3)
            try client.send("GET /defer/first HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try #require(responder.slot("first"))
            try client.send("GET /defer/second HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(throws: TestClientError.timedOut) { try client.readResponse() }
            #expect(!responder.hasSlot("second"), "a request sent behind a pending reply must not be parsed yet")

            first.complete(DeferringResponder.body("first"))
            #expect(try client.readResponse().text == #"{"reply":"first"}"#)
            let second = try #require(responder.slot("second"))
            second.complete(DeferringResponder.body("second"))
            #expect(try client.readResponse().text == #"{"reply":"second"}"#)
        }
    }

    @Test func peerClosing_BeforeCompletion_DropsTheReply_AndTheServerGoesOn() throws {
        let responder = DeferringResponder()
        try TestServer.with(responder: responder) { port, server in
            do {
                let leaving = try TestClient(port: port)
                try leaving.send("POST /defer/gone HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
                _ = try #require(responder.slot("gone"))
            }
            usleep(20_000)
            responder.slot("gone")?.complete(DeferringResponder.body("gone"))

            var waited = 0
            while server.openConnectionCount > 0 && waited < 200 {
                usleep(10_000)
                waited += 1
            }
            #expect(server.openConnectionCount == 0)
            let client = try TestClient(port: port)
            try client.send("GET /v1/health/ HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
    }

    @Test func manyConcurrentPendingReplies_EachReachItsOwnClient() throws {
        let responder = DeferringResponder()
        try TestServer.with(responder: responder) { port, _ in
            let names = (0..<40).map { "r\($0)" }
            let clients = try names.map { name in
                let client = try TestClient(port: port)
                try client.send("GET /defer/\(name) HTTP/1.1\r\nHost: x\r\n\r\n")
                return client
            }
            let slots = try names.map { try #require(responder.slot($0)) }
            Thread {
                for (name, slot) in zip(names, slots).reversed() { slot.complete(DeferringResponder.body(name)) }
            }.start()
            for (name, client) in zip(names, clients) {
                #expect(try client.readResponse().text == #"{"reply":"\#(name)"}"#)
            }
        }
    }

    @Test func secondCompletion_IsIgnored() throws {
        let slot = ResponseSlot()
        #expect(slot.complete(DeferringResponder.body("one")))
        #expect(!slot.complete(DeferringResponder.body("two")))
        #expect(String(decoding: slot.wait().body, as: UTF8.self) == #"{"reply":"one"}"#)
    }

    @Test func shutdown_WaitsForAPendingReply_ThenClosesTheConnection() throws {
        let responder = DeferringResponder()
        let server = HTTPServer(configuration: TestServer.configuration(workers: 1), responder: responder)
        let port = try server.start()
        let client = try TestClient(port: port)
        try client.send("GET /defer/late HTTP/1.1\r\nHost: x\r\n\r\n")
        let slot = try #require(responder.slot("late"))
        server.shutdown()
        usleep(100_000)
        slot.complete(DeferringResponder.body("late"))

        let response = try client.readResponse()
        #expect(response.text == #"{"reply":"late"}"#)
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
        server.waitUntilStopped()
    }

    @Test func shutdown_CutsAPendingReply_AtTheGraceDeadline() throws {
        let responder = DeferringResponder()
        var configuration = TestServer.configuration(workers: 1)
        configuration.shutdownGracePeriod = .milliseconds(200)
        let server = HTTPServer(configuration: configuration, responder: responder)
        let port = try server.start()
        let client = try TestClient(port: port)
        try client.send("GET /defer/never HTTP/1.1\r\nHost: x\r\n\r\n")
        let slot = try #require(responder.slot("never"))
        server.shutdown()
        server.waitUntilStopped()
        #expect(client.isClosedByPeer())
        #expect(server.openConnectionCount == 0)
        slot.complete(DeferringResponder.body("never"))
    }
}
