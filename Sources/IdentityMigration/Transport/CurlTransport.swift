import Dispatch
import Glibc
import IdentityCore

/// Blocking HTTP GETs through libcurl's easy interface (`CurlLibrary`), run off the Swift
/// concurrency pool on Dispatch threads. Finished handles are kept and reused, so their
/// keep-alive connections serve the next request, as URLSession's did. At most `maxInFlight`
/// requests run at once (the command's `--concurrency`, a limit on the whole process: lists read
/// together share it); the others wait for a slot on their Dispatch thread.
final class CurlTransport: @unchecked Sendable {
    /// A status and body, or the reason there is none.
    struct Answer {
        var status: Int
        var body: [UInt8]
    }

    private let library: CurlLibrary
    private let timeoutSeconds: Int
    private let lock = ConditionLock()
    private var idle: [CurlLibrary.Handle] = []  // guarded by `lock`
    private var closed = false  // guarded by `lock`
    private let maxInFlight: Int
    private var inFlight = 0  // guarded by `lock`

    init(timeoutSeconds: Double, maxInFlight: Int) throws(SourceError) {
        library = try CurlLibrary.shared.get()
        self.timeoutSeconds = max(1, Int(timeoutSeconds.rounded(.up)))
        self.maxInFlight = max(1, maxInFlight)
    }

    /// `GET url` with `headers` ("Name: value"); throws a `SourceError` worded by `describe`
    /// with the reason when no HTTP answer came.
    func get(_ url: String, headers: [String], userAgent: String, describe: @escaping @Sendable (String) -> String)
        async throws -> Answer
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [self] in
                takeSlot()
                let answer = Result { () throws(SourceError) in
                    try perform(url, headers: headers, userAgent: userAgent, describe: describe)
                }
                giveBackSlot()
                continuation.resume(with: answer)
            }
        }
    }

    /// Frees the idle handles (closing their connections); later requests fail.
    func close() {
        let handles: [CurlLibrary.Handle] = lock.withLock {
            closed = true
            defer { idle = [] }
            return idle
        }
        for handle in handles { library.easyCleanup(handle) }
    }

    private func perform(_ url: String, headers: [String], userAgent: String, describe: (String) -> String)
        throws(SourceError) -> Answer
    {
        guard let handle = takeHandle() else { throw SourceError(describe("the client is closed or libcurl is out of memory")) }
        var list: OpaquePointer?
        for header in headers { list = library.listAppend(list, header) }
        let body = BodyBuffer()
        var errorBuffer = [CChar](repeating: 0, count: Curl.errorBufferSize)
        let code: Int32 = url.withCString { url in
            userAgent.withCString { agent in
                errorBuffer.withUnsafeMutableBytes { errors in
                    let sink = Unmanaged.passUnretained(body).toOpaque()
                    _ = library.setPointer(handle, Curl.url, url)
                    _ = library.setPointer(handle, Curl.userAgent, agent)
                    _ = library.setPointer(handle, Curl.httpHeader, UnsafeRawPointer(list))
                    _ = library.setPointer(handle, Curl.errorBuffer, errors.baseAddress)
                    _ = library.setPointer(handle, Curl.writeFunction, unsafeBitCast(BodyBuffer.append, to: UnsafeRawPointer.self))
                    _ = library.setPointer(handle, Curl.writeData, sink)
                    _ = library.setLong(handle, Curl.noSignal, 1)
                    _ = library.setLong(handle, Curl.followLocation, 1)
                    _ = library.setLong(handle, Curl.maxRedirects, 10)
                    _ = library.setLong(handle, Curl.connectTimeout, timeoutSeconds)
                    // No byte for `timeoutSeconds`: a stalled answer (URLSession's request timeout).
                    _ = library.setLong(handle, Curl.lowSpeedLimit, 1)
                    _ = library.setLong(handle, Curl.lowSpeedTime, timeoutSeconds)
                    return library.easyPerform(handle)
                }
            }
        }
        var status = 0
        if code == 0 { _ = library.getLong(handle, Curl.responseCode, &status) }
        library.easyReset(handle)  // drops the pointers set above; keeps the connection
        library.listFree(list)
        giveBack(handle)
        guard code == 0 else {
            let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw SourceError(describe(reason(code, detail: detail.isEmpty ? library.message(code) : detail)))
        }
        return Answer(status: status, body: body.bytes)
    }

    /// The reasons URLSession's errors were worded as, for the codes that mean the same.
    private func reason(_ code: Int32, detail: String) -> String {
        switch code {
        case Curl.couldNotConnect: "connection refused"
        case Curl.couldNotResolveHost: "unknown host"
        case Curl.timedOut: "timed out"
        case Curl.partialFile, Curl.gotNothing, Curl.receiveError, Curl.sendError:
            "connection closed before the answer was complete"
        case Curl.weirdServerReply, Curl.unsupportedProtocol: "not an HTTP answer"
        case _ where Curl.tlsFailures.contains(code): "TLS failure (\(detail))"
        default: detail
        }
    }

    /// Waits until fewer than `maxInFlight` requests run, then counts this one in.
    private func takeSlot() {
        lock.withLock {
            while inFlight >= maxInFlight { lock.wait() }
            inFlight += 1
        }
    }

    private func giveBackSlot() {
        lock.withLock {
            inFlight -= 1
            lock.signal()
        }
    }

    private func takeHandle() -> CurlLibrary.Handle? {
        let (isClosed, reused) = lock.withLock { (closed, closed ? nil : idle.popLast()) }
        guard !isClosed else { return nil }
        return reused ?? library.easyInit()
    }

    private func giveBack(_ handle: CurlLibrary.Handle) {
        let keep = lock.withLock {
            guard !closed else { return false }
            idle.append(handle)
            return true
        }
        if !keep { library.easyCleanup(handle) }
    }
}

/// Collects the body libcurl hands to its write callback.
private final class BodyBuffer {
    var bytes: [UInt8] = []

    /// CURLOPT_WRITEFUNCTION: appends and reports every byte taken.
    static let append: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
        data, size, count, context in
        guard let data, let context else { return 0 }
        let buffer = Unmanaged<BodyBuffer>.fromOpaque(context).takeUnretainedValue()
        buffer.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
    }
}
