// libFuzzer target for the ONNX reader: OctetModel's protobuf and ONNX decoder, compiled into one
// module with this file (Tools/fuzz/build-fuzzer.sh onnx). Every input is decoded; a typed
// ONNXDecodeError is the expected outcome for broken files, a decoded model is walked so every
// field is touched. Any trap or sanitizer report is a finding.

@_cdecl("LLVMFuzzerTestOneInput")
public func onnxFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do throws(ONNXDecodeError) {
        let model = try decodeONNXModel(bytes)
        var touched = model.graph.nodes.count &+ model.graph.initializers.count
        for node in model.graph.nodes { touched &+= node.attributes.count &+ node.inputs.count }
        for t in model.graph.initializers { touched &+= t.values.count &+ t.dims.count }
        if touched == -1 { print(touched) }
    } catch {
        _ = error.description
    }
    return 0
}
