/// The .npy header dict, parsed: a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. Keys may come in any order;
/// trailing commas and whitespace are allowed; strings have no escapes (numpy never writes any).
struct NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// A value in the dict: the kinds numpy writes.
    enum Value {
        case string(String)
        case bool(Bool)
        case int(Int)
        case tuple([Int])
    }

    /// Parses `bytes` (the header text); `base` is its absolute offset in the file.
    init(_ bytes: ArraySlice<UInt8>, base: Int) throws(NPYError) {
        var p = Parser(bytes: bytes, base: base)
        var entries: [String: (value: Value, offset: Int)] = [:]
        p.skipSpace()
        try p.expect(UInt8(ascii: "{"))
        while true {
            p.skipSpace()
            if p.peek == UInt8(ascii: "}") { p.index += 1; break }
            let key = try p.string()
            p.skipSpace()
            try p.expect(UInt8(ascii: ":"))
            p.skipSpace()
            let offset = p.offset
            entries[key] = (try p.value(), offset)
            p.skipSpace()
            if p.peek == UInt8(ascii: ",") { p.index += 1; continue }
            try p.expect(UInt8(ascii: "}"))
            break
        }
        p.skipSpace()
        guard p.index == bytes.endIndex else { throw .malformedHeader(offset: p.offset, reason: "text after the closing '}'") }

        guard let descr = entries["descr"] else { throw .missingKey("descr") }
        guard case .string(let d) = descr.value else { throw .invalidValue(key: "descr", offset: descr.offset, reason: "not a string") }
        guard let fortran = entries["fortran_order"] else { throw .missingKey("fortran_order") }
        guard case .bool(let f) = fortran.value else { throw .invalidValue(key: "fortran_order", offset: fortran.offset, reason: "not True or False") }
        guard let shape = entries["shape"] else { throw .missingKey("shape") }
        guard case .tuple(let s) = shape.value else { throw .invalidValue(key: "shape", offset: shape.offset, reason: "not a tuple") }
        guard s.allSatisfy({ $0 >= 0 }) else { throw .invalidValue(key: "shape", offset: shape.offset, reason: "negative dimension in \(s)") }
        self.descr = d
        self.fortranOrder = f
        self.shape = s
    }

    /// A cursor over the header text.
    private struct Parser {
        let bytes: ArraySlice<UInt8>
        let base: Int
        var index: Int

        init(bytes: ArraySlice<UInt8>, base: Int) {
            self.bytes = bytes
            self.base = base
            self.index = bytes.startIndex
        }

        var offset: Int { base + (index - bytes.startIndex) }
        var peek: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

        mutating func skipSpace() {
            while let c = peek, c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { index += 1 }
        }

        mutating func expect(_ c: UInt8) throws(NPYError) {
            guard peek == c else { throw malformed("expected '\(Character(Unicode.Scalar(c)))'") }
            index += 1
        }

        func malformed(_ reason: String) -> NPYError {
            .malformedHeader(offset: offset, reason: peek == nil ? reason + ", found the end" : reason)
        }

        mutating func string() throws(NPYError) -> String {
            guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else { throw malformed("expected a quoted string") }
            index += 1
            let start = index
            while let c = peek, c != quote {
                guard c != UInt8(ascii: "\\"), c != 0x0A else { throw malformed("unsupported character in a string") }
                index += 1
            }
            guard peek == quote else { throw malformed("unterminated string") }
            index += 1
            return String(decoding: bytes[start..<(index - 1)], as: UTF8.self)
        }

        mutating func word(_ w: String) -> Bool {
            let utf8 = Array(w.utf8)
            guard bytes.endIndex - index >= utf8.count, bytes[index..<(index + utf8.count)].elementsEqual(utf8) else { return false }
            index += utf8.count
            return true
        }

        mutating func int() throws(NPYError) -> Int {
            let negative = peek == UInt8(ascii: "-")
            if negative { index += 1 }
            var value = 0, digits = 0
            while let c = peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
                guard !o1, !o2 else { throw malformed("integer too large") }
                value = a
                digits += 1
                index += 1
            }
            guard digits > 0 else { throw malformed("expected an integer") }
            if peek == UInt8(ascii: "L") { index += 1 }  // Python 2 long
            return negative ? -value : value
        }

        mutating func value() throws(NPYError) -> Value {
            switch peek {
            case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "("):
                index += 1
                var items: [Int] = []
                while true {
                    skipSpace()
                    if peek == UInt8(ascii: ")") { index += 1; return .tuple(items) }
                    items.append(try int())
                    skipSpace()
                    if peek == UInt8(ascii: ",") { index += 1; continue }
                    try expect(UInt8(ascii: ")"))
                    return .tuple(items)
                }
            default:
                if word("True") { return .bool(true) }
                if word("False") { return .bool(false) }
                return .int(try int())
            }
        }
    }
}
