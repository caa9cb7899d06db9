// Integer fields of the case file are decoded as JSON numbers (Double) and then checked, so a
// non-integer or oversized value is reported at its own JSON path. (JSONDecoder decoding `Int`
// directly reports such a number as "not valid JSON" with no path.) Every int8/int32 value is
// exact in a Double.

/// An array position in a coding path.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue!)" }

    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

/// `value` as an Int, or a `dataCorrupted` error at `path`.
func integer(_ value: Double, at path: [any CodingKey]) throws -> Int {
    guard value.rounded() == value else {
        throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(value) is not an integer"))
    }
    guard let n = Int(exactly: value) else {
        throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(value) is too large"))
    }
    return n
}

/// Each element of `values` as an Int; errors name the element's index under `path`.
func integers(_ values: [Double], at path: [any CodingKey]) throws -> [Int] {
    var result = [Int]()
    result.reserveCapacity(values.count)
    for (k, v) in values.enumerated() { result.append(try integer(v, at: path + [IndexKey(k)])) }
    return result
}

extension KeyedDecodingContainer {
    func decodeInteger(_ key: Key) throws -> Int {
        try integer(decode(Double.self, forKey: key), at: codingPath + [key])
    }

    func decodeIntegerIfPresent(_ key: Key) throws -> Int? {
        guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        return try integer(value, at: codingPath + [key])
    }

    func decodeIntegers(_ key: Key) throws -> [Int] {
        try integers(decode([Double].self, forKey: key), at: codingPath + [key])
    }

    func decodeIntegersIfPresent(_ key: Key) throws -> [Int]? {
        guard let values = try decodeIfPresent([Double].self, forKey: key) else { return nil }
        return try integers(values, at: codingPath + [key])
    }
}
