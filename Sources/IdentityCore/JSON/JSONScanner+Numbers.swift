extension JSONScanner {
    /// Parses a number starting at `position` (a '-' or digit) per the RFC 8259 grammar.
    ///
    /// Numbers whose magnitude exceeds Double's range are rejected ("Number out of range").
    /// Like Python, the number ends where the grammar stops: `01` is `0` followed by extra data and
    /// `1.` is `1` followed by a stray '.', which the caller then reports.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var index = position
        let negative = input[index] == JSONByte.minus
        if negative { index += 1 }
        guard index < input.count, isDigit(input[index]) else { throw error("Expecting value", at: start) }
        if input[index] == JSONByte.zero {
            index += 1
        } else {
            index = endOfDigits(from: index)
        }
        let integerEnd = index
        var isInteger = true
        if index + 1 < input.count, input[index] == JSONByte.dot, isDigit(input[index + 1]) {
            index = endOfDigits(from: index + 1)
            isInteger = false
        }
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
            var exponent = index + 1
            if exponent < input.count, input[exponent] == JSONByte.plus || input[exponent] == JSONByte.minus {
                exponent += 1
            }
            if exponent < input.count, isDigit(input[exponent]) {
                index = endOfDigits(from: exponent)
                isInteger = false
            }
        }
        position = index
        if isInteger, let value = integer(digitsFrom: negative ? start + 1 : start, to: integerEnd, negative: negative) {
            return .int(value)
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: input[start ..< index]), as: UTF8.self)
        guard let value = Double(literal) else { throw error("Expecting value", at: start) }
        // A literal beyond Double's range (1e400) would become infinity, which JSON cannot
        // carry back out: reject it rather than store something we cannot return.
        guard value.isFinite else { throw error("Number out of range", at: start) }
        return .double(value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- JSONByte.zero < 10
    }

    private func endOfDigits(from start: Int) -> Int {
        var index = start
        while index < input.count, isDigit(input[index]) { index += 1 }
        return index
    }

    /// The decimal digits in `start..<end` as an Int64, or nil when they do not fit.
    private func integer(digitsFrom start: Int, to end: Int, negative: Bool) -> Int64? {
        var magnitude: UInt64 = 0
        if end - start <= 18 {
            for index in start ..< end {
                magnitude = magnitude &* 10 &+ UInt64(input[index] &- JSONByte.zero)
            }
        } else {
            for index in start ..< end {
                let (shifted, overflowTimes) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflowPlus) = shifted.addingReportingOverflow(UInt64(input[index] &- JSONByte.zero))
                if overflowTimes || overflowPlus { return nil }
                magnitude = sum
            }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }
}
