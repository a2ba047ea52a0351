// libFuzzer harness for MultipartParser, compiled by Fuzz/run.sh multipart together with the
// HTTPKit core and multipart sources.
//
// The input's first byte picks the fragment size; the rest is a body framed by the boundary
// `b`. Invariants for any bytes: no crash, the parser stays failed after an error, limits
// hold, and feeding in fragments gives exactly the parts (or error) of feeding in one piece.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipart(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let fragment = Int(bytes[0] % 13) + 1
    let input = Array(bytes.dropFirst())
    let limits = MultipartParser.Limits(maxParts: 16, maxPartHeaderBytes: 256, maxPartHeaderCount: 4)
    let whole = run(input, fragment: input.count + 1, limits: limits)
    let pieces = run(input, fragment: fragment, limits: limits)
    precondition(whole.parts == pieces.parts, "fragmentation changed the parts")
    precondition(whole.error == pieces.error, "fragmentation changed the error")
    return 0
}

struct Outcome {
    var parts: [MultipartPart] = []
    var error: MultipartError?
}

func run(_ input: [UInt8], fragment: Int, limits: MultipartParser.Limits) -> Outcome {
    var outcome = Outcome()
    guard var parser = try? MultipartParser(boundary: "b", limits: limits) else { preconditionFailure("boundary") }
    var offset = 0
    var finished = false
    while true {
        if offset < input.count {
            let end = min(input.count, offset + fragment)
            parser.append(input[offset..<end])
            offset = end
        } else if !finished {
            parser.finish()
            finished = true
        } else {
            return outcome
        }
        do {
            while let part = try parser.next() {
                precondition(outcome.parts.count < limits.maxParts, "too many parts")
                precondition(part.headers.count <= limits.maxPartHeaderCount, "too many part headers")
                outcome.parts.append(part)
            }
        } catch {
            outcome.error = error
            do {
                _ = try parser.next()
                preconditionFailure("parser recovered after \(error)")
            } catch let again {
                precondition(again == error, "parser changed its error")
            }
            return outcome
        }
    }
}
