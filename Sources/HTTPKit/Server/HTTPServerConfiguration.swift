/// Receives one call per answered request: method, raw path, status and the microseconds
/// the responder and encoding took. Called on the event-loop thread: keep it cheap.
public typealias AccessLogSink = @Sendable (
    _ method: HTTPMethod, _ path: Substring, _ status: HTTPStatus, _ microseconds: Int
) -> Void

/// Everything `HTTPServer` needs to know: where to listen, how many loops, limits, timeouts.
public struct HTTPServerConfiguration: Sendable {
    /// A numeric address or a name: `127.0.0.1`, `0.0.0.0`, `::1`, `::`, `localhost`.
    public var host: String
    /// 0 binds an ephemeral port; `HTTPServer.start()` returns the one chosen.
    public var port: Int
    /// Event-loop threads; each owns its listener and its connections.
    public var workers: Int
    /// Open connections across all loops; beyond it new ones get a 503 and are closed.
    public var maxConnections: Int
    /// Request line plus header section (431 beyond it).
    public var maxHeaderBytes: Int
    /// Request body after decoding (413 beyond it).
    public var maxBodyBytes: Int
    /// Request body of a `multipart/form-data` request (uploads), instead of `maxBodyBytes`
    /// (413 beyond it).
    public var maxUploadBodyBytes: Int
    /// Request-target (414 beyond it).
    public var maxTargetBytes: Int
    /// From the first byte of a request until the end of its head (then 408 and close).
    public var headerTimeout: Duration
    /// Longest pause between body bytes once the head is complete (then 408 and close).
    public var bodyTimeout: Duration
    /// Keep-alive: longest wait for the first byte of the next request (then close).
    public var idleTimeout: Duration
    /// Longest pause in the peer reading a response (then close).
    public var writeTimeout: Duration
    /// After `shutdown()`, in-flight requests get this long before connections are cut.
    public var shutdownGracePeriod: Duration
    /// Called once per request; `nil` disables access logging.
    public var accessLog: AccessLogSink?
    /// Called once per request the server answers itself with an error, without asking the
    /// responder: parse and limit errors (400, 413, 414, 431, 501, 505) and header or body
    /// timeouts (408). For a responder that keeps its own access log; `accessLog` sees these
    /// requests too. Method and path are `-` when the request line was not read.
    public var rejectedRequestLog: AccessLogSink?
    /// Counters for a metrics endpoint; `nil` counts nothing.
    public var metrics: HTTPServerMetrics?

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        workers: Int = ProcessEnvironment.activeProcessorCount,
        maxConnections: Int = 10_000,
        maxHeaderBytes: Int = 16 * 1024,
        maxBodyBytes: Int = 1024 * 1024,
        maxTargetBytes: Int = 8 * 1024,
        maxUploadBodyBytes: Int = 16 * 1024 * 1024,
        headerTimeout: Duration = .seconds(30),
        bodyTimeout: Duration = .seconds(30),
        idleTimeout: Duration = .seconds(60),
        writeTimeout: Duration = .seconds(30),
        shutdownGracePeriod: Duration = .seconds(10),
        accessLog: AccessLogSink? = nil
    ) {
        self.host = host
        self.port = port
        self.workers = workers
        self.maxConnections = maxConnections
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxTargetBytes = maxTargetBytes
        self.maxUploadBodyBytes = maxUploadBodyBytes
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.accessLog = accessLog
    }

    var parserLimits: HTTPRequestParser.Limits {
        HTTPRequestParser.Limits(
            maxHeaderBytes: maxHeaderBytes, maxBodyBytes: maxBodyBytes, maxTargetBytes: maxTargetBytes,
            maxUploadBodyBytes: maxUploadBodyBytes)
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        let total = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard seconds >= 0 else { return 0 }
        guard !total.overflow else { return UInt64.max / 2 }
        return UInt64(total.partialValue) + UInt64(max(0, attoseconds / 1_000_000_000))
    }
}
