import Testing

@testable import HTTPKit

@Suite("Upload body limit")
struct UploadLimitTests {
    static let limits = HTTPRequestParser.Limits(maxBodyBytes: 100, maxUploadBodyBytes: 1000)

    /// The parser's outcome for a head declaring `length` body bytes with this content type.
    static func outcome(contentType: String, length: Int, chunked: Bool = false) -> Result<Int, HTTPParseError> {
        var parser = HTTPRequestParser(limits: limits)
        var head = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: \(contentType)\r\n"
        var body: [UInt8] = Array(repeating: 65, count: length)
        if chunked {
            head += "Transfer-Encoding: chunked\r\n\r\n"
            body = Array(String(length, radix: 16).utf8) + [13, 10] + body + Array("\r\n0\r\n\r\n".utf8)
        } else {
            head += "Content-Length: \(length)\r\n\r\n"
        }
        parser.append(Array(head.utf8) + body)
        do {
            guard case let .request(request)? = try parser.next() else { return .success(-1) }
            return .success(request.body.count)
        } catch {
            return .failure(error)
        }
    }

    @Test func formData_MayUseTheUploadLimit_OtherTypesKeepTheBodyLimit() {
        #expect(Self.outcome(contentType: "multipart/form-data; boundary=x", length: 1000) == .success(1000))
        #expect(Self.outcome(contentType: "MULTIPART/FORM-DATA;boundary=x", length: 900, chunked: true) == .success(900))
        #expect(Self.outcome(contentType: "multipart/form-data; boundary=x", length: 1001) == .failure(.bodyTooLarge))
        #expect(Self.outcome(contentType: "multipart/form-data", length: 1001, chunked: true) == .failure(.bodyTooLarge))
        #expect(Self.outcome(contentType: "application/json", length: 100) == .success(100))
        #expect(Self.outcome(contentType: "application/json", length: 101) == .failure(.bodyTooLarge))
        #expect(Self.outcome(contentType: "multipart/form-datax", length: 101) == .failure(.bodyTooLarge))
        #expect(Self.outcome(contentType: "application/json", length: 101, chunked: true) == .failure(.bodyTooLarge))
    }
}
