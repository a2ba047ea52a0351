extension JSONScanner {
    /// Parses a string literal starting at the opening quote at `position`.
    ///
    /// Strings without escapes are validated and copied once; strings with escapes are decoded
    /// into the reused `scratch` buffer. A lone surrogate escape decodes to U+FFFD.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = position
        var index = position + 1
        while index < input.count {
            let byte = input[index]
            if byte == JSONByte.quote {
                position = index + 1
                return String(decoding: UnsafeBufferPointer(rebasing: input[(start + 1) ..< index]), as: UTF8.self)
            }
            if byte == JSONByte.backslash { break }
            index = try advance(over: byte, at: index)
        }
        guard index < input.count else { throw error("Unterminated string starting at", at: start) }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[(start + 1) ..< index]))
        while index < input.count {
            let byte = input[index]
            if byte == JSONByte.quote {
                position = index + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == JSONByte.backslash {
                index = try decodeEscape(at: index, stringStart: start)
                continue
            }
            let next = try advance(over: byte, at: index)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: input[index ..< next]))
            index = next
        }
        throw error("Unterminated string starting at", at: start)
    }

    /// Checks the unescaped byte (or UTF-8 sequence) at `index` and returns the index after it.
    @inline(__always)
    private func advance(over byte: UInt8, at index: Int) throws(JSONParseError) -> Int {
        if byte < 0x20 { throw error("Invalid control character at", at: index) }
        if byte < 0x80 { return index + 1 }
        return try endOfUTF8Sequence(at: index)
    }

    /// Validates the multi-byte UTF-8 sequence whose lead byte is at `index` (RFC 3629: no overlongs,
    /// no surrogates, nothing above U+10FFFF) and returns the index after it.
    private func endOfUTF8Sequence(at index: Int) throws(JSONParseError) -> Int {
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80 ... 0xBF) -> Bool {
            index + offset < input.count && range.contains(input[index + offset])
        }
        let valid: Bool
        let length: Int
        switch input[index] {
        case 0xC2 ... 0xDF:
            length = 2
            valid = continuation(1)
        case 0xE0:
            length = 3
            valid = continuation(1, 0xA0 ... 0xBF) && continuation(2)
        case 0xE1 ... 0xEC, 0xEE ... 0xEF:
            length = 3
            valid = continuation(1) && continuation(2)
        case 0xED:
            length = 3
            valid = continuation(1, 0x80 ... 0x9F) && continuation(2)
        case 0xF0:
            length = 4
            valid = continuation(1, 0x90 ... 0xBF) && continuation(2) && continuation(3)
        case 0xF1 ... 0xF3:
            length = 4
            valid = continuation(1) && continuation(2) && continuation(3)
        case 0xF4:
            length = 4
            valid = continuation(1, 0x80 ... 0x8F) && continuation(2) && continuation(3)
        default:
            length = 1
            valid = false
        }
        guard valid else { throw error("Invalid UTF-8", at: index) }
        return index + length
    }

    /// Decodes the escape whose backslash is at `index` into `scratch`; returns the index after it.
    private mutating func decodeEscape(at index: Int, stringStart: Int) throws(JSONParseError) -> Int {
        guard index + 1 < input.count else { throw error("Unterminated string starting at", at: stringStart) }
        let decoded: UInt8
        switch input[index + 1] {
        case JSONByte.quote: decoded = JSONByte.quote
        case JSONByte.backslash: decoded = JSONByte.backslash
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = 0x0A
        case UInt8(ascii: "r"): decoded = 0x0D
        case UInt8(ascii: "t"): decoded = 0x09
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: index)
        default: throw error("Invalid \\escape", at: index)
        }
        scratch.append(decoded)
        return index + 2
    }

    /// Decodes `\uXXXX` at `index`, joining a following low-surrogate escape into one scalar.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard let unit = hexQuad(at: index + 2) else { throw error("Invalid \\uXXXX escape", at: index + 1) }
        var scalar = unit
        var next = index + 6
        if (0xD800 ... 0xDBFF).contains(unit) {
            if next + 1 < input.count, input[next] == JSONByte.backslash, input[next + 1] == UInt8(ascii: "u"),
               let low = hexQuad(at: next + 2), (0xDC00 ... 0xDFFF).contains(low)
            {
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            } else {
                scalar = 0xFFFD
            }
        } else if (0xDC00 ... 0xDFFF).contains(unit) {
            scalar = 0xFFFD
        }
        appendUTF8(scalar)
        return next
    }

    /// The value of four hex digits at `index`, or nil when there are not four.
    private func hexQuad(at index: Int) -> UInt32? {
        guard index + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for offset in 0 ..< 4 {
            let byte = input[index + offset]
            let digit: UInt8
            switch byte {
            case JSONByte.zero ... JSONByte.nine: digit = byte - JSONByte.zero
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0 ..< 0x80:
            scratch.append(UInt8(scalar))
        case 0x80 ..< 0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800 ..< 0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
