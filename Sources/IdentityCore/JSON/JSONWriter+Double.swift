extension JSONWriter {
    /// Appends `value` formatted like Python's `repr(float)`.
    ///
    /// Both Swift's `description` and Python produce the shortest digits that round-trip; they differ
    /// only in layout. Python uses positional notation when the decimal exponent is in -4...15
    /// (integral values get ".0") and otherwise `d.ddde±XX` with at least two exponent digits.
    /// Non-finite values are written as `null`.
    mutating func appendDouble(_ value: Double) {
        guard value.isFinite else {
            appendASCII("null")
            return
        }
        if value.magnitude < 1e16, case let magnitude = UInt64(value.magnitude), Double(magnitude) == value.magnitude {
            // Integral and below 1e16: exactly representable as an integer and Python prints every digit.
            if value.sign == .minus { bytes.append(JSONByte.minus) }
            appendDigits(magnitude)
            appendASCII(".0")
            return
        }
        appendPythonRepr(of: value.description)
    }

    /// Re-lays out Swift's shortest round-trip `description` of a finite, non-zero double in Python's style.
    private mutating func appendPythonRepr(of description: String) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var count = 0
            var pointPosition: Int?
            var exponent = 0
            var exponentNegative = false
            var inExponent = false
            var negative = false
            for byte in description.utf8 {
                switch byte {
                case JSONByte.minus where inExponent: exponentNegative = true
                case JSONByte.minus: negative = true
                case JSONByte.plus: break
                case JSONByte.dot: pointPosition = count
                case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
                case JSONByte.zero ... JSONByte.nine where inExponent:
                    exponent = min(exponent * 10 + Int(byte - JSONByte.zero), 10_000)
                case JSONByte.zero ... JSONByte.nine where count < digits.count:
                    digits[count] = byte
                    count += 1
                default: break
                }
            }
            // Leading zeros ("0.001") only move the decimal point; trailing zeros carry nothing.
            var point = pointPosition ?? count
            var first = 0
            while first < count, digits[first] == JSONByte.zero {
                first += 1
                point -= 1
            }
            while count > first, digits[count - 1] == JSONByte.zero { count -= 1 }
            guard count > first else {
                appendASCII(negative ? "-0.0" : "0.0")
                return
            }
            // value = 0.d1d2...dn × 10^(point + exponent); scientific exponent is one less.
            let scientific = point + (exponentNegative ? -exponent : exponent) - 1
            if negative { bytes.append(JSONByte.minus) }
            let significant = UnsafeBufferPointer(rebasing: digits[first ..< count])
            if scientific < -4 || scientific >= 16 {
                bytes.append(significant[0])
                if significant.count > 1 {
                    bytes.append(JSONByte.dot)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: significant[1...]))
                }
                bytes.append(UInt8(ascii: "e"))
                bytes.append(scientific < 0 ? JSONByte.minus : JSONByte.plus)
                if scientific.magnitude < 10 { bytes.append(JSONByte.zero) }
                appendDigits(UInt64(scientific.magnitude))
            } else if scientific >= 0 {
                let integerDigits = scientific + 1
                if significant.count <= integerDigits {
                    bytes.append(contentsOf: significant)
                    bytes.append(contentsOf: repeatElement(JSONByte.zero, count: integerDigits - significant.count))
                    appendASCII(".0")
                } else {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: significant[..<integerDigits]))
                    bytes.append(JSONByte.dot)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: significant[integerDigits...]))
                }
            } else {
                appendASCII("0.")
                bytes.append(contentsOf: repeatElement(JSONByte.zero, count: -scientific - 1))
                bytes.append(contentsOf: significant)
            }
        }
    }
}
