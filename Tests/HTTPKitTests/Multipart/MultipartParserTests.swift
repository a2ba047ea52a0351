import Testing

@testable import HTTPKit

@Suite("Multipart form-data parser")
struct MultipartParserTests {
    static let boundary = "----formdata-abc123"

    /// A body as clients send it: each field as a part, a file part last.
    static func body(_ fields: [(String, String)], file: [UInt8], filename: String = "agent.af") -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        out += Array("Content-Type: application/octet-stream\r\n\r\n".utf8)
        out += file
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }

    /// Parses `bytes` fed in fragments of `size`, draining parts after each fragment.
    static func parse(_ bytes: [UInt8], fragment size: Int, boundary: String = boundary) -> Result<[MultipartPart], MultipartError> {
        do {
            var parser = try MultipartParser(boundary: boundary)
            var parts: [MultipartPart] = []
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + size)
                parser.append(bytes[offset..<end])
                offset = end
                while let part = try parser.next() { parts.append(part) }
            }
            parser.finish()
            while let part = try parser.next() { parts.append(part) }
            return .success(parts)
        } catch {
            return .failure(error)
        }
    }

    @Test func fieldsAndFile_AreParsedWithNamesFilenameAndExactBytes() throws {
        let file = Array("{\"agents\": []}\r\n-- not a boundary\r\n--\(Self.boundary.dropLast())".utf8) + [0, 255, 13]
        let body = Self.body([("append_copy_suffix", "false"), ("name", "Émile")], file: file)
        let form = try MultipartFormData(body: body, contentType: "multipart/form-data; boundary=\(Self.boundary)")
        #expect(form.parts.map(\.name) == ["append_copy_suffix", "name", "file"])
        #expect(form.first("append_copy_suffix")?.text == "false")
        #expect(form.first("name")?.text == "Émile")
        #expect(form.first("name")?.filename == nil)
        #expect(form.first("file")?.filename == "agent.af")
        #expect(form.first("file")?.contentType == "application/octet-stream")
        #expect(form.first("file")?.body == file)
    }

    @Test func everyFragmentSize_GivesTheSameParts() {
        let body = Self.body([("strip_messages", "true"), ("secrets", "{\"k\": \"v\"}")], file: Array(repeating: 13, count: 40))
        let whole = Self.parse(body, fragment: body.count)
        guard case let .success(parts) = whole else {
            Issue.record("whole body failed: \(whole)")
            return
        }
        #expect(parts.count == 3)
        for size in [1, 2, 3, 5, 7, 19, 23, 64] {
            #expect(Self.parse(body, fragment: size) == whole, "fragment size \(size)")
        }
    }

    @Test func preambleEpilogueAndPadding_AreIgnored_QuotedNamesUnescaped() throws {
        let text = "preamble text\r\n--b1  \t\r\nContent-Disposition: form-data; name=\"a\\\"q\"; filename=x.af\r\n\r\nv\r\n--b1--\r\nepilogue"
        let form = try MultipartFormData(body: Array(text.utf8), contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"b1\"")
        #expect(form.parts.count == 1)
        #expect(form.parts[0].name == "a\"q")
        #expect(form.parts[0].filename == "x.af")
        #expect(form.parts[0].text == "v")
    }

    @Test func emptyPartBody_AndBoundaryAtTheVeryStart() throws {
        let text = "--b\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n\r\n--b--"
        let form = try MultipartFormData(body: Array(text.utf8), contentType: "multipart/form-data; boundary=b")
        #expect(form.parts.count == 1)
        #expect(form.parts[0].body.isEmpty)
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        let label: String
        let body: String
        let error: MultipartError
        var testDescription: String { label }
    }

    static let badCases: [BadCase] = [
        BadCase(label: "no boundary at all", body: "just bytes", error: .unexpectedEnd),
        BadCase(label: "no close delimiter", body: "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", error: .unexpectedEnd),
        BadCase(label: "junk after boundary", body: "--bX\r\n", error: .invalidDelimiter),
        BadCase(label: "single dash after boundary", body: "--b-x", error: .invalidDelimiter),
        BadCase(label: "header without colon", body: "--b\r\nno colon here\r\n\r\nv\r\n--b--", error: .invalidPartHeader),
        BadCase(label: "header with bare LF", body: "--b\r\nContent-Disposition: form-data; name=a\n\r\nv\r\n--b--", error: .invalidPartHeader),
        BadCase(label: "part without disposition", body: "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", error: .missingContentDisposition),
        BadCase(label: "disposition without name", body: "--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nv\r\n--b--", error: .missingContentDisposition),
        BadCase(label: "unterminated quoted name", body: "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--", error: .missingContentDisposition),
        BadCase(label: "attachment disposition", body: "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--", error: .missingContentDisposition),
    ]

    @Test(arguments: badCases)
    func malformedBody_FailsWithTheSameErrorWholeOrByteAtATime(_ testCase: BadCase) {
        let bytes = Array(testCase.body.utf8)
        #expect(Self.parse(bytes, fragment: bytes.count, boundary: "b") == .failure(testCase.error))
        #expect(Self.parse(bytes, fragment: 1, boundary: "b") == .failure(testCase.error))
    }

    @Test func limits_PartsAndHeaderBytes() {
        var many = ""
        for index in 0..<5 { many += "--b\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\nv\r\n" }
        many += "--b--"
        let limits = MultipartParser.Limits(maxParts: 4, maxPartHeaderBytes: 64, maxPartHeaderCount: 2)
        #expect(throws: MultipartError.tooManyParts) {
            _ = try MultipartFormData(body: Array(many.utf8), contentType: "multipart/form-data; boundary=b", limits: limits)
        }
        let longHeader = "--b\r\nContent-Disposition: form-data; name=\"\(String(repeating: "n", count: 80))\"\r\n\r\nv\r\n--b--"
        #expect(throws: MultipartError.partHeaderTooLarge) {
            _ = try MultipartFormData(body: Array(longHeader.utf8), contentType: "multipart/form-data; boundary=b", limits: limits)
        }
    }

    @Test func boundaryFromContentType_AndInvalidBoundaries() {
        #expect(MultipartFormData.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartFormData.boundary(contentType: "multipart/form-data;boundary=\"a b\"") == "a b")
        #expect(MultipartFormData.boundary(contentType: "application/json; boundary=abc") == nil)
        #expect(MultipartFormData.boundary(contentType: "multipart/form-data") == nil)
        #expect(!MultipartParser.isValidBoundary(""))
        #expect(!MultipartParser.isValidBoundary(String(repeating: "a", count: 71)))
        #expect(!MultipartParser.isValidBoundary("ends with space "))
        #expect(!MultipartParser.isValidBoundary("bad\"quote"))
        #expect(throws: MultipartError.invalidBoundary) {
            _ = try MultipartFormData(body: [], contentType: "text/plain")
        }
    }
}
