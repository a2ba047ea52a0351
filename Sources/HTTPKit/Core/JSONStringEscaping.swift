/// Writes a Swift string as a JSON string literal (RFC 8259 §7): quotes, backslashes and
/// control characters escaped; everything else, non-ASCII included, written raw as UTF-8.
///
/// Most strings need no escape at all: they are checked eight bytes at a time and copied in one
/// step; only a string that has a byte to escape is walked byte by byte, from that byte on.
public enum JSONStringEscaping {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func append(_ string: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\""))
        let written: Void? = string.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &buffer) }
        if written == nil {
            var copy = string
            copy.withUTF8 { appendEscaped($0, to: &buffer) }
        }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Appends UTF-8 bytes with JSON escapes applied, copying runs that need no escaping in one step.
    public static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        let clean = cleanPrefixLength(utf8)
        if clean == utf8.count {
            buffer.append(contentsOf: utf8)
            return
        }
        if clean > 0 {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[..<clean]))
        }
        var runStart = clean
        for index in clean ..< utf8.count {
            let byte = utf8[index]
            guard needsEscape(byte) else { continue }
            if runStart < index {
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart ..< index]))
            }
            runStart = index + 1
            appendEscape(of: byte, to: &buffer)
        }
        if runStart < utf8.count {
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
    }

    /// Whether `byte` must be escaped inside a JSON string.
    @inline(__always)
    public static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// How many leading bytes need no escape: whole 8-byte words are tested at once (SWAR), the
    /// rest byte by byte.
    public static func cleanPrefixLength(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        let count = utf8.count
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= count {
            if wordNeedsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { break }
            index += 8
        }
        while index < count, !needsEscape(base[index]) { index += 1 }
        return index
    }

    /// Whether any byte of `word` is below 0x20, a quote or a backslash. Each test is exact for
    /// "any byte" (bytes of 0x80 and above never match).
    @inline(__always)
    private static func wordNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let quote = (quotes &- ones) & ~quotes & highs
        let backslash = (backslashes &- ones) & ~backslashes & highs
        return (control | quote | backslash) != 0
    }

    private static func appendEscape(of byte: UInt8, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x00 ..< 0x20:
            buffer.append(UInt8(ascii: "u"))
            buffer.append(UInt8(ascii: "0"))
            buffer.append(UInt8(ascii: "0"))
            buffer.append(hexDigits[Int(byte >> 4)])
            buffer.append(hexDigits[Int(byte & 0x0F)])
        default:
            buffer.append(byte)
        }
    }
}
