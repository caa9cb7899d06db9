import Octet

extension ONNXNodeContext {
    func int(_ attribute: String, default value: Int) throws(ImportError) -> Int {
        guard let a = node.attribute(attribute) else { return value }
        guard case .int(let v) = a.value, let i = Int(exactly: v), abs(i) <= Int(Int32.max) else {
            throw .invalidAttribute(node: name, opType: node.opType, attribute: attribute, reason: "expected an integer in the Int32 range")
        }
        return i
    }

    /// An ints attribute, or nil when absent.
    func ints(_ attribute: String) throws(ImportError) -> [Int]? {
        guard let a = node.attribute(attribute) else { return nil }
        guard case .ints(let v) = a.value else {
            throw .invalidAttribute(node: name, opType: node.opType, attribute: attribute, reason: "expected a list of integers")
        }
        var out: [Int] = []
        for x in v {
            guard let i = Int(exactly: x), abs(i) <= Int(Int32.max) else {
                throw .invalidAttribute(node: name, opType: node.opType, attribute: attribute, reason: "value \(x) is out of range")
            }
            out.append(i)
        }
        return out
    }

    func float(_ attribute: String, default value: Float) throws(ImportError) -> Float {
        guard let a = node.attribute(attribute) else { return value }
        guard case .float(let v) = a.value else {
            throw .invalidAttribute(node: name, opType: node.opType, attribute: attribute, reason: "expected a float")
        }
        return v
    }

    func string(_ attribute: String, default value: String) throws(ImportError) -> String {
        guard let a = node.attribute(attribute) else { return value }
        guard case .string(let v) = a.value else {
            throw .invalidAttribute(node: name, opType: node.opType, attribute: attribute, reason: "expected a string")
        }
        return v
    }

    func unsupported(_ attribute: String, _ value: String) -> ImportError {
        .unsupportedAttribute(node: name, opType: node.opType, attribute: attribute, value: value)
    }

    func mismatch(_ reason: String) -> ImportError {
        .shapeMismatch(node: name, opType: node.opType, reason: reason)
    }

    /// The window geometry attributes shared by Conv and the pools, for `rank` spatial axes:
    /// strides (default 1), dilations (default 1), pads [begins..., ends...] (default 0) or
    /// auto_pad (NOTSET, SAME_UPPER, SAME_LOWER, VALID).
    func windowGeometry(rank: Int) throws(ImportError) -> (stride: Spatial, dilation: Spatial, padding: Padding) {
        let strides = try ints("strides") ?? Array(repeating: 1, count: rank)
        let dilations = try ints("dilations") ?? Array(repeating: 1, count: rank)
        guard strides.count == rank else { throw unsupported("strides", "\(strides) (expected \(rank) values)") }
        guard dilations.count == rank else { throw unsupported("dilations", "\(dilations) (expected \(rank) values)") }
        guard strides.allSatisfy({ $0 >= 1 }) else { throw unsupported("strides", "\(strides)") }
        guard dilations.allSatisfy({ $0 >= 1 }) else { throw unsupported("dilations", "\(dilations)") }
        let padding: Padding
        switch try string("auto_pad", default: "NOTSET") {
        case "NOTSET":
            let pads = try ints("pads") ?? Array(repeating: 0, count: 2 * rank)
            guard pads.count == 2 * rank, pads.allSatisfy({ $0 >= 0 }) else {
                throw unsupported("pads", "\(pads) (expected \(2 * rank) non-negative values)")
            }
            padding = .explicit(begin: spatial(Array(pads[0..<rank])), end: spatial(Array(pads[rank...])))
        case "SAME_UPPER": padding = .same
        case "SAME_LOWER": padding = .sameLower
        case "VALID": padding = .valid
        case let other: throw unsupported("auto_pad", other)
        }
        return (spatial(strides), spatial(dilations), padding)
    }
}

/// A `Spatial` from 1...3 extents in (depth,) (height,) width order.
func spatial(_ v: [Int]) -> Spatial {
    switch v.count {
    case 1: return Spatial(v[0])
    case 2: return Spatial(v[0], v[1])
    default: return Spatial(v[0], v[1], v[2])
    }
}
