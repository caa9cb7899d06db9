// C exports of the .octet runtime (Runtime/): load a model from a caller-kept buffer (the one
// allocating call, with destroy), query its graph inputs and outputs, run it with caller buffers.
// The handle is the `Interpreter` itself, retained (`Unmanaged.passRetained`), with its own arena.

/// octet.h: `octet_model_load` — `ModelFile` + `Interpreter` (owned arena) behind a new handle.
/// On OCTET_INVALID_MODEL, `*error_offset` (when not NULL) is the offending field's byte offset.
@_cdecl("octet_model_load")
public func octet_model_load(
    _ bytes: UnsafeRawPointer?, _ byteCount: UInt, _ model: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
    _ errorOffset: UnsafeMutablePointer<UInt>?
) -> Int32 {
    guard let bytes, let model, byteCount <= UInt(Int.max) else { return OctetStatus.invalidArgument }
    do throws(ModelError) {
        let file = try ModelFile(bytes: UnsafeRawBufferPointer(start: bytes, count: Int(byteCount)))
        let interpreter = try Interpreter(model: file)
        model.pointee = Unmanaged.passRetained(interpreter).toOpaque()
        return OctetStatus.ok
    } catch {
        errorOffset?.pointee = UInt(clamping: error.offset)
        return OctetStatus.invalidModel
    }
}

/// octet.h: `octet_model_destroy`; NULL is a no-op.
@_cdecl("octet_model_destroy")
public func octet_model_destroy(_ model: UnsafeMutableRawPointer?) {
    guard let model else { return }
    Unmanaged<Interpreter>.fromOpaque(model).release()
}

/// The interpreter behind a handle (not retained), or nil for NULL.
@inline(__always)
func interpreter(_ handle: UnsafeRawPointer?) -> Interpreter? {
    guard let handle else { return nil }
    return Unmanaged<Interpreter>.fromOpaque(handle).takeUnretainedValue()
}

/// octet.h: `octet_model_io_counts`.
@_cdecl("octet_model_io_counts")
public func octet_model_io_counts(
    _ model: UnsafeRawPointer?, _ inputCount: UnsafeMutablePointer<UInt>?, _ outputCount: UnsafeMutablePointer<UInt>?
) -> Int32 {
    guard let m = interpreter(model) else { return OctetStatus.invalidArgument }
    inputCount?.pointee = UInt(m.inputCount)
    outputCount?.pointee = UInt(m.outputCount)
    return OctetStatus.ok
}

/// octet.h: `octet_model_arena_size`.
@_cdecl("octet_model_arena_size")
public func octet_model_arena_size(_ model: UnsafeRawPointer?, _ bytes: UnsafeMutablePointer<UInt>?) -> Int32 {
    guard let m = interpreter(model), let bytes else { return OctetStatus.invalidArgument }
    bytes.pointee = UInt(m.arenaSize)
    return OctetStatus.ok
}

/// Writes `octet_tensor_info` (offsets in octet.h) for tensor `t`.
func storeTensorInfo(_ tensor: ModelTensor, to p: UnsafeMutableRawPointer) {
    func put(_ v: Int32, _ offset: Int) { p.storeBytes(of: v, toByteOffset: offset, as: Int32.self) }
    put(Int32(tensor.elementType.rawValue), 0)
    put(Int32(tensor.shape.count), 4)
    for k in 0..<5 { put(k < tensor.shape.count ? Int32(truncatingIfNeeded: tensor.shape[k]) : 0, 8 + 4 * k) }
    put(Int32(tensor.spatialRank), 28)
    p.storeBytes(of: tensor.quantization?.scale ?? 0, toByteOffset: 32, as: Float.self)
    put(tensor.quantization?.zeroPoint ?? 0, 36)
    p.storeBytes(of: UInt32(truncatingIfNeeded: tensor.byteCount), toByteOffset: 40, as: UInt32.self)
}

/// octet.h: `octet_model_input_info`.
@_cdecl("octet_model_input_info")
public func octet_model_input_info(_ model: UnsafeRawPointer?, _ position: UInt, _ info: UnsafeMutableRawPointer?) -> Int32 {
    guard let m = interpreter(model), let info, position < UInt(m.inputCount) else { return OctetStatus.invalidArgument }
    storeTensorInfo(m.model.tensors[m.model.inputs[Int(position)]], to: info)
    return OctetStatus.ok
}

/// octet.h: `octet_model_output_info`.
@_cdecl("octet_model_output_info")
public func octet_model_output_info(_ model: UnsafeRawPointer?, _ position: UInt, _ info: UnsafeMutableRawPointer?) -> Int32 {
    guard let m = interpreter(model), let info, position < UInt(m.outputCount) else { return OctetStatus.invalidArgument }
    storeTensorInfo(m.model.tensors[m.model.outputs[Int(position)]], to: info)
    return OctetStatus.ok
}

/// octet.h: `octet_model_run` — copies the inputs into the model's arena, runs every node, copies
/// the outputs out. Checks every pointer and byte capacity first; writes no output unless OCTET_OK.
@_cdecl("octet_model_run")
public func octet_model_run(
    _ model: UnsafeMutableRawPointer?,
    _ inputs: UnsafePointer<UnsafeRawPointer?>?, _ inputBytes: UnsafePointer<UInt>?,
    _ outputs: UnsafePointer<UnsafeMutableRawPointer?>?, _ outputBytes: UnsafePointer<UInt>?
) -> Int32 {
    guard let m = interpreter(model), let inputs, let inputBytes, let outputs, let outputBytes else {
        return OctetStatus.invalidArgument
    }
    for k in 0..<m.inputCount {
        let need = m.model.tensors[m.model.inputs[k]].byteCount
        guard inputs[k] != nil, inputBytes[k] >= UInt(need) else { return OctetStatus.invalidArgument }
    }
    for k in 0..<m.outputCount {
        let need = m.model.tensors[m.model.outputs[k]].byteCount
        guard outputs[k] != nil, outputBytes[k] >= UInt(need) else { return OctetStatus.invalidArgument }
    }
    for k in 0..<m.inputCount {
        let target = m.inputBuffer(k)
        if let source = inputs[k], let base = target.baseAddress { base.copyMemory(from: source, byteCount: target.count) }
    }
    do throws(RunError) {
        try m.run()
    } catch {
        return OctetStatus.runFailed
    }
    for k in 0..<m.outputCount {
        let source = m.outputBuffer(k)
        if let target = outputs[k], let base = source.baseAddress { target.copyMemory(from: base, byteCount: source.count) }
    }
    return OctetStatus.ok
}

extension OctetStatus {
    /// octet.h `OCTET_INVALID_MODEL`: a .octet buffer the runtime's reader rejected (`ModelError`).
    static let invalidModel: Int32 = -3
    /// octet.h `OCTET_RUN_FAILED`: a run a kernel refused (`RunError`, e.g. a MAX_UNPOOL index
    /// outside its plane).
    static let runFailed: Int32 = -4
}
