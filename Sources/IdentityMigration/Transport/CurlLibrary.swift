import Glibc

/// The few libcurl entry points `CurlTransport` calls, loaded with `dlopen` the first time a
/// command reads a Letta server, so the server process never maps libcurl and its TLS stack
/// (about 3 MiB resident). libcurl 7.62 or later (`libcurl.so.4`) is needed only then; its
/// absence is a `SourceError`, not a failure to start.
///
/// `curl_easy_setopt` is variadic; it is called through two fixed prototypes (a `long` or a
/// pointer after the option), which is how the x86-64 and AArch64 Linux ABIs pass either.
final class CurlLibrary: @unchecked Sendable {
    typealias Handle = OpaquePointer

    /// Loaded and initialized once (`curl_global_init`), before any handle exists.
    static let shared: Result<CurlLibrary, SourceError> = {
        do throws(SourceError) { return .success(try CurlLibrary()) } catch { return .failure(error) }
    }()

    let easyInit: @convention(c) () -> Handle?
    let easyCleanup: @convention(c) (Handle?) -> Void
    let easyReset: @convention(c) (Handle?) -> Void
    let easyPerform: @convention(c) (Handle?) -> Int32
    let setLong: @convention(c) (Handle?, Int32, Int) -> Int32
    let setPointer: @convention(c) (Handle?, Int32, UnsafeRawPointer?) -> Int32
    let getLong: @convention(c) (Handle?, Int32, UnsafeMutablePointer<Int>) -> Int32
    let errorText: @convention(c) (Int32) -> UnsafePointer<CChar>?
    let listAppend: @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    let listFree: @convention(c) (OpaquePointer?) -> Void

    private init() throws(SourceError) {
        let names = ["libcurl.so.4", "libcurl.so"]
        guard let library = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            throw SourceError("cannot load libcurl (libcurl.so.4) to read the Letta server: install libcurl4")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(SourceError) -> T {
            guard let address = dlsym(library, name) else { throw SourceError("libcurl has no \(name): libcurl 7.62 or later is needed") }
            return unsafeBitCast(address, to: type)
        }
        easyInit = try symbol("curl_easy_init", as: (@convention(c) () -> Handle?).self)
        easyCleanup = try symbol("curl_easy_cleanup", as: (@convention(c) (Handle?) -> Void).self)
        easyReset = try symbol("curl_easy_reset", as: (@convention(c) (Handle?) -> Void).self)
        easyPerform = try symbol("curl_easy_perform", as: (@convention(c) (Handle?) -> Int32).self)
        setLong = try symbol("curl_easy_setopt", as: (@convention(c) (Handle?, Int32, Int) -> Int32).self)
        setPointer = try symbol("curl_easy_setopt", as: (@convention(c) (Handle?, Int32, UnsafeRawPointer?) -> Int32).self)
        getLong = try symbol("curl_easy_getinfo", as: (@convention(c) (Handle?, Int32, UnsafeMutablePointer<Int>) -> Int32).self)
        errorText = try symbol("curl_easy_strerror", as: (@convention(c) (Int32) -> UnsafePointer<CChar>?).self)
        listAppend = try symbol("curl_slist_append", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?).self)
        listFree = try symbol("curl_slist_free_all", as: (@convention(c) (OpaquePointer?) -> Void).self)
        let globalInit = try symbol("curl_global_init", as: (@convention(c) (Int) -> Int32).self)
        let status = globalInit(Curl.globalAll)
        guard status == 0 else { throw SourceError("libcurl failed to initialize: \(message(status))") }
    }

    /// libcurl's words for a result code.
    func message(_ code: Int32) -> String {
        errorText(code).map { String(cString: $0) } ?? "libcurl error \(code)"
    }
}

/// The libcurl constants used here (curl/curl.h: options are a type base plus a number).
enum Curl {
    static let globalAll = 3
    // Options: CURLOPTTYPE_LONG + n, CURLOPTTYPE_OBJECTPOINT (10000) + n, CURLOPTTYPE_FUNCTIONPOINT (20000) + n.
    static let writeData: Int32 = 10_001
    static let url: Int32 = 10_002
    static let errorBuffer: Int32 = 10_010
    static let lowSpeedLimit: Int32 = 19
    static let lowSpeedTime: Int32 = 20
    static let userAgent: Int32 = 10_018
    static let httpHeader: Int32 = 10_023
    static let followLocation: Int32 = 52
    static let maxRedirects: Int32 = 68
    static let connectTimeout: Int32 = 78
    static let noSignal: Int32 = 99
    static let writeFunction: Int32 = 20_011
    /// CURLINFO_LONG (0x200000) + 2.
    static let responseCode: Int32 = 0x20_0002
    /// CURL_ERROR_SIZE.
    static let errorBufferSize = 256

    // Result codes (CURLcode).
    static let unsupportedProtocol: Int32 = 1
    static let couldNotResolveHost: Int32 = 6
    static let couldNotConnect: Int32 = 7
    static let weirdServerReply: Int32 = 8
    static let partialFile: Int32 = 18
    static let timedOut: Int32 = 28
    static let gotNothing: Int32 = 52
    static let sendError: Int32 = 55
    static let receiveError: Int32 = 56
    /// TLS: connect error, bad client certificate, cipher, peer verification, CA file, shutdown.
    static let tlsFailures: Set<Int32> = [35, 58, 59, 60, 77, 80, 82, 83, 90, 91]
}
