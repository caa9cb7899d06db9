extension ONNXTensor {
    /// TensorProto: dims 1, data_type 2, float_data 4, int32_data 5, int64_data 7, name 8,
    /// raw_data 9, double_data 10, data_location 14. raw_data (little-endian) wins over the typed
    /// fields; the typed field is the one ONNX assigns to the data type (int32_data carries
    /// UINT8, INT8, INT16, INT32 and BOOL).
    static func decode(_ r: inout ONNXReader) throws(ONNXDecodeError) -> ONNXTensor {
        let start = r.offset
        var name = "", dims: [Int64] = [], dataType: Int32 = 0, external = false
        var raw: Range<Int>?
        var floats: [Float] = [], int32s: [Int32] = [], int64s: [Int64] = [], doubles: [Double] = []
        while let f = try r.nextField(in: "TensorProto") {
            switch f.number {
            case 1: try r.appendInt64s(f, "TensorProto.dims", to: &dims)
            case 2: dataType = try r.int32(f, "TensorProto.data_type")
            case 4: try r.appendFloats(f, "TensorProto.float_data", to: &floats)
            case 5: try r.appendInt32s(f, "TensorProto.int32_data", to: &int32s)
            case 7: try r.appendInt64s(f, "TensorProto.int64_data", to: &int64s)
            case 8: name = try r.string(f, "TensorProto.name")
            case 9: raw = try r.byteRange(f, "TensorProto.raw_data")
            case 10: try r.appendDoubles(f, "TensorProto.double_data", to: &doubles)
            case 14: external = try r.int32(f, "TensorProto.data_location") == 1
            default: try r.skip(f, in: "TensorProto")
            }
        }
        if external { throw .externalData(tensor: name, offset: start) }
        guard let size = elementSize(dataType) else { throw .unsupportedDataType(tensor: name, offset: start, dataType: dataType) }
        let expected = try elementCount(dims, tensor: name, offset: start)

        let values: ONNXTensorValues
        if let raw {
            guard raw.count % size == 0 else { throw .rawDataSize(tensor: name, offset: start, bytes: raw.count, elementSize: size) }
            guard raw.count / size == expected else {
                throw .elementCountMismatch(tensor: name, offset: start, expected: expected, actual: raw.count / size)
            }
            values = rawValues(r.bytes[raw], dataType: dataType)
        } else {
            let actual = switch dataType {
            case 1: floats.count
            case 7: int64s.count
            case 11: doubles.count
            default: int32s.count
            }
            guard actual == expected else { throw .elementCountMismatch(tensor: name, offset: start, expected: expected, actual: actual) }
            switch dataType {
            case 1: values = .float(floats)
            case 7: values = .int64(int64s)
            case 11: values = .double(doubles)
            case 9: values = .bool(int32s.map { $0 != 0 })
            default: values = try narrowed(int32s, dataType: dataType, tensor: name, offset: start)
            }
        }
        return ONNXTensor(name: name, dims: dims, dataType: dataType, values: values)
    }

    /// Bytes per element of the supported data types.
    private static func elementSize(_ dataType: Int32) -> Int? {
        switch dataType {
        case 2, 3, 9: return 1
        case 5: return 2
        case 1, 6: return 4
        case 7, 11: return 8
        default: return nil
        }
    }

    /// product(dims); empty dims (a scalar) → 1.
    private static func elementCount(_ dims: [Int64], tensor: String, offset: Int) throws(ONNXDecodeError) -> Int {
        guard dims.allSatisfy({ $0 >= 0 }) else { throw .invalidDims(tensor: tensor, offset: offset, dims: dims) }
        if dims.contains(0) { return 0 }
        var count: Int64 = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw .invalidDims(tensor: tensor, offset: offset, dims: dims) }
            count = product
        }
        return Int(count)
    }

    /// int32_data elements narrowed to UINT8 / INT8 / INT16 (kept as Int32) / INT32, range-checked.
    private static func narrowed(_ v: [Int32], dataType: Int32, tensor: String, offset: Int) throws(ONNXDecodeError) -> ONNXTensorValues {
        let range: ClosedRange<Int32> = switch dataType {
        case 2: 0...255
        case 3: -128...127
        case 5: -32768...32767
        default: Int32.min...Int32.max
        }
        if let k = v.firstIndex(where: { !range.contains($0) }) {
            throw .valueOutOfRange(tensor: tensor, offset: offset, index: k, value: v[k], dataType: dataType)
        }
        switch dataType {
        case 2: return .uint8(v.map { UInt8(truncatingIfNeeded: $0) })
        case 3: return .int8(v.map { Int8(truncatingIfNeeded: $0) })
        default: return .int32(v)
        }
    }

    /// Little-endian raw_data (its length already checked against the element size and count).
    private static func rawValues(_ bytes: ArraySlice<UInt8>, dataType: Int32) -> ONNXTensorValues {
        switch dataType {
        case 1: return .float(littleEndianArray(bytes, as: Float.self))
        case 2: return .uint8(Array(bytes))
        case 3: return .int8(littleEndianArray(bytes, as: Int8.self))
        case 5: return .int32(littleEndianArray(bytes, as: Int16.self).map { Int32($0) })
        case 6: return .int32(littleEndianArray(bytes, as: Int32.self))
        case 7: return .int64(littleEndianArray(bytes, as: Int64.self))
        case 9: return .bool(bytes.map { $0 != 0 })
        default: return .double(littleEndianArray(bytes, as: Double.self))
        }
    }
}
