// libFuzzer harness for HTTPRequestParser, compiled by Fuzz/run.sh together with the
// parser and HTTPKit core sources (no package build needed).
//
// Each input is split into fragments whose sizes come from the input's first byte, fed to
// the parser, and every event is checked against invariants that must hold for any bytes:
// no crash, no request larger than the limits, the parser stays failed after an error,
// and feeding the same bytes in one piece gives the same requests (fragmentation must not
// change the result).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let fragment = Int(bytes[0] % 17) + 1
    let input = Array(bytes.dropFirst())
    let limits = HTTPRequestParser.Limits(maxHeaderBytes: 2048, maxBodyBytes: 4096, maxTargetBytes: 512, maxHeaderCount: 32)

    let whole = run(input, fragment: input.count + 1, limits: limits)
    let pieces = run(input, fragment: fragment, limits: limits)
    precondition(whole.requests == pieces.requests, "fragmentation changed the parsed requests")
    precondition(whole.error == pieces.error, "fragmentation changed the error")
    return 0
}

struct Outcome {
    var requests: [String] = []
    var error: HTTPParseError?
}

func run(_ input: [UInt8], fragment: Int, limits: HTTPRequestParser.Limits) -> Outcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = Outcome()
    var offset = 0
    feeding: while offset < input.count {
        let end = min(input.count, offset + fragment)
        input.withUnsafeBytes { parser.append(UnsafeRawBufferPointer(rebasing: $0[offset..<end])) }
        offset = end
        while true {
            do {
                guard let event = try parser.next() else { break }
                if case let .request(request) = event {
                    precondition(request.body.count <= limits.maxBodyBytes, "body over limit")
                    precondition(request.target.utf8.count <= limits.maxTargetBytes, "target over limit")
                    precondition(request.headers.count <= limits.maxHeaderCount, "too many headers")
                    _ = request.path
                    _ = request.query
                    _ = request.wantsKeepAlive
                    outcome.requests.append(
                        "\(request.method) \(request.target) \(request.version) \(request.headers.count) \(request.body)"
                    )
                }
            } catch {
                outcome.error = error
                do {
                    _ = try parser.next()
                    preconditionFailure("parser recovered after \(error)")
                } catch let again {
                    precondition(again == error, "parser changed its error")
                }
                break feeding
            }
        }
    }
    return outcome
}
