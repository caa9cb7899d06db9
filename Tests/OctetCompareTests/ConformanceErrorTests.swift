import Foundation
import Octet
@testable import OctetCompare
import Testing

/// One malformed case: a passing hand-written case with edits applied, and the error it must get.
struct BadEdit: Sendable, CustomTestStringConvertible {
    var base: ConformanceOp
    /// (JSON path, new JSON value or nil to remove it).
    var edits: [(String, String?)]
    var kind: String
    var field: String?

    init(_ base: ConformanceOp, _ edits: [(String, String?)], _ kind: String, _ field: String?) {
        self.base = base
        self.edits = edits
        self.kind = kind
        self.field = field
    }

    var testDescription: String {
        "\(base): " + edits.map { "\($0.0) = \($0.1 ?? "(removed)")" }.joined(separator: ", ") + " → \(kind) at \(field ?? "-")"
    }
}

/// Every validation path of the case reader: each malformed case is rejected with an error of the
/// expected kind that names the file and the field, and nothing runs.
@Suite("Conformance case errors")
struct ConformanceErrorTests {
    static let decoding: [BadEdit] = [
        BadEdit(.add, [("output", nil)], "missingField", "output"),
        BadEdit(.add, [("format", nil)], "missingField", "format"),
        BadEdit(.add, [("op", nil)], "missingField", "op"),
        BadEdit(.add, [("source", nil)], "missingField", "source"),
        BadEdit(.add, [("input", nil)], "missingField", "input"),
        BadEdit(.add, [("vectors", nil)], "missingField", "vectors"),
        BadEdit(.add, [("input.shape", nil)], "missingField", "input.shape"),
        BadEdit(.add, [("input.scale", nil)], "missingField", "input.scale"),
        BadEdit(.add, [("input2.zero_point", nil)], "missingField", "input2.zero_point"),
        BadEdit(.add, [("output.scale", "null")], "missingField", "output.scale"),
        BadEdit(.add, [("vectors[0].input", nil)], "missingField", "vectors[0].input"),
        BadEdit(.add, [("vectors[0].output", nil)], "missingField", "vectors[0].output"),
        BadEdit(.conv2d, [("filter.scales", nil)], "missingField", "filter.scales"),
        BadEdit(.conv2d, [("filter.data", nil)], "missingField", "filter.data"),
        BadEdit(.conv2d, [("filter.shape", nil)], "missingField", "filter.shape"),
        BadEdit(.conv2d, [("bias.data", nil)], "missingField", "bias.data"),
        BadEdit(.add, [("input.scale", "\"0.5\"")], "wrongType", "input.scale"),
        BadEdit(.add, [("op", "3")], "wrongType", "op"),
        BadEdit(.add, [("vectors", "\"none\"")], "wrongType", "vectors"),
        BadEdit(.add, [("vectors[0].input", "\"x\"")], "wrongType", "vectors[0].input"),
        BadEdit(.add, [("input.shape", "{\"h\": 1}")], "wrongType", "input.shape"),
        BadEdit(.add, [("input", "[1, 2]")], "wrongType", "input"),
        BadEdit(.add, [("vectors[0]", "[1]")], "wrongType", "vectors[0]"),
        BadEdit(.add, [("vectors[0].input[1]", "\"4\"")], "wrongType", "vectors[0].input[1]"),
        BadEdit(.add, [("params.activation", "1")], "wrongType", "params.activation"),
        BadEdit(.conv2d, [("params.padding", "true")], "wrongType", "params.padding"),
        BadEdit(.avgPool2d, [("params.count_include_pad", "\"no\"")], "wrongType", "params.count_include_pad"),
        BadEdit(.add, [("vectors[0].input[1]", "4.5")], "invalidValue", "vectors[0].input[1]"),
        BadEdit(.add, [("vectors[0].output[0]", "1e30")], "invalidValue", "vectors[0].output[0]"),
        BadEdit(.add, [("input.zero_point", "0.5")], "invalidValue", "input.zero_point"),
        BadEdit(.add, [("input.shape[1]", "1.5")], "invalidValue", "input.shape[1]"),
        BadEdit(.conv2d, [("params.padding", "[0, 0.5, 0, 0]")], "invalidValue", "params.padding[1]"),
        BadEdit(.conv2d, [("bias.data[0]", "2.5")], "invalidValue", "bias.data[0]"),
        BadEdit(.maxPool2d, [("vectors[0].indices[3]", "7.25")], "invalidValue", "vectors[0].indices[3]"),
    ]

    static let validation: [BadEdit] = [
        BadEdit(.add, [("format", "\"octet-conformance/v2\"")], "unsupportedFormat", "format"),
        BadEdit(.add, [("op", "\"softmax\"")], "unknownName", "op"),
        BadEdit(.add, [("source", "\" \"")], "invalidValue", "source"),
        BadEdit(.add, [("params.activation", "\"tanh\"")], "unknownName", "params.activation"),
        BadEdit(.conv2d, [("params.padding", "\"full\"")], "unknownName", "params.padding"),
        // Which operands and params an op takes.
        BadEdit(.add, [("input2", nil)], "missingField", "input2"),
        BadEdit(.conv2d, [("input2", "{\"shape\": [1], \"scale\": 1, \"zero_point\": 0}")], "unusedField", "input2"),
        BadEdit(.conv2d, [("filter", nil)], "missingField", "filter"),
        BadEdit(.maxPool2d, [("filter", "{\"shape\": [1], \"scales\": [1], \"data\": [1]}")], "unusedField", "filter"),
        BadEdit(.mean, [("bias", "{\"data\": [1]}")], "unusedField", "bias"),
        BadEdit(.conv2d, [("params", nil)], "missingField", "params"),
        BadEdit(.maxPool2d, [("params", nil)], "missingField", "params"),
        BadEdit(.conv2d, [("params.depth_multiplier", "1")], "unusedField", "params.depth_multiplier"),
        BadEdit(.maxPool2d, [("params.count_include_pad", "false")], "unusedField", "params.count_include_pad"),
        BadEdit(.add, [("params.axes", "[1, 2]")], "unusedField", "params.axes"),
        BadEdit(.fullyConnected, [("params.stride", "[1, 1]")], "unusedField", "params.stride"),
        BadEdit(.mean, [("params.filter", "[2, 2]")], "unusedField", "params.filter"),
        BadEdit(.conv2d, [("params.keep_dims", "true")], "unusedField", "params.keep_dims"),
        BadEdit(.conv2d, [("vectors[0].input2", "[1, 2, 3, 4]")], "unusedField", "vectors[0].input2"),
        BadEdit(.avgPool2d, [("vectors[0].indices", "[0, 0]")], "unusedField", "vectors[0].indices"),
        BadEdit(.add, [("vectors[0].input2", nil)], "missingField", "vectors[0].input2"),
        // Quantization.
        BadEdit(.add, [("input.scale", "0")], "invalidValue", "input.scale"),
        BadEdit(.add, [("output.scale", "-0.5")], "invalidValue", "output.scale"),
        BadEdit(.add, [("input2.scale", "1e-50")], "invalidValue", "input2.scale"),
        BadEdit(.add, [("input.scale", "1e300")], "invalidValue", "input.scale"),
        BadEdit(.add, [("input.zero_point", "128")], "outOfRange", "input.zero_point"),
        BadEdit(.add, [("output.zero_point", "-129")], "outOfRange", "output.zero_point"),
        BadEdit(.maxPool2d, [("output.scale", "0.2")], "invalidValue", "output"),
        // Shapes.
        BadEdit(.conv2d, [("input.shape", "[1, 2, 2]")], "invalidValue", "input.shape"),
        BadEdit(.maxPool2d, [("input.shape[2]", "0")], "invalidValue", "input.shape[2]"),
        BadEdit(.mean, [("output.shape", "[1, 1, 2]")], "invalidValue", "output.shape"),
        BadEdit(.maxPool2d, [("input.shape", "[1, 100000, 100000, 1]")], "invalidValue", "input.shape"),
        BadEdit(.add, [("input.shape", "[1, 1, 1, 1, 2, 2]")], "invalidValue", "input.shape"),
        BadEdit(.add, [("input2.shape", "[1, 2, 1, 2]")], "layoutMismatch", "input2.shape"),
        BadEdit(.add, [("output.shape", "[4]")], "layoutMismatch", "output.shape"),
        BadEdit(.fullyConnected, [("input.shape", "[2, 1, 1, 3]")], "invalidValue", "input.shape"),
        BadEdit(.fullyConnected, [("output.shape", "[2]")], "invalidValue", "output.shape"),
        BadEdit(.fullyConnected, [("filter.shape", "[2, 3, 1]")], "invalidValue", "filter.shape"),
        BadEdit(.fullyConnected, [("filter.shape", "[3, 2]")], "layoutMismatch", "filter.shape[1]"),
        BadEdit(.fullyConnected, [("output.shape", "[1, 2]")], "layoutMismatch", "output.shape[0]"),
        BadEdit(.fullyConnected, [("output.shape", "[2, 3]")], "layoutMismatch", "output.shape[1]"),
        // Geometry parameters.
        BadEdit(.conv2d, [("params.stride", nil)], "missingField", "params.stride"),
        BadEdit(.maxPool2d, [("params.filter", nil)], "missingField", "params.filter"),
        BadEdit(.maxPool2d, [("params.padding", nil)], "missingField", "params.padding"),
        BadEdit(.conv2d, [("params.stride", "[1]")], "wrongLength", "params.stride"),
        BadEdit(.conv2d, [("params.stride", "[1, 0]")], "invalidValue", "params.stride[1]"),
        BadEdit(.conv2d, [("params.dilation", "[0, 1]")], "invalidValue", "params.dilation[0]"),
        BadEdit(.maxPool2d, [("params.filter", "[2, 2, 2]")], "wrongLength", "params.filter"),
        BadEdit(.conv2d, [("params.padding", "[1, 1, 1]")], "wrongLength", "params.padding"),
        BadEdit(.conv2d, [("params.padding", "[0, -1, 0, 0]")], "invalidValue", "params.padding[1]"),
        // Filters and bias.
        BadEdit(.conv2d, [("filter.shape", "[2, 2, 2]")], "invalidValue", "filter.shape"),
        BadEdit(.conv2d, [("filter.shape[1]", "0")], "invalidValue", "filter.shape[1]"),
        // Extents whose product overflows Int: an error, not a trap.
        BadEdit(.conv2d, [("params.filter", nil), ("filter.shape", "[3037000500, 3037000500, 2, 1]"),
                          ("output.shape", "[1, 1, 1, 3037000500]")], "invalidValue", "filter.shape"),
        BadEdit(.fullyConnected, [("filter.shape", "[3037000500, 3037000500]"), ("input.shape", "[2, 3037000500]"),
                                  ("output.shape", "[2, 3037000500]")], "invalidValue", "filter.shape"),
        BadEdit(.add, [("input.shape", "[3037000500, 3037000500, 2, 1]")], "invalidValue", "input.shape"),
        BadEdit(.conv2d, [("params.filter", "[3, 3]")], "layoutMismatch", "params.filter"),
        BadEdit(.conv2d, [("filter.shape", "[2, 2, 2, 3]")], "layoutMismatch", "filter.shape[3]"),
        BadEdit(.conv2d, [("output.shape", "[1, 1, 1, 3]")], "layoutMismatch", "output.shape[3]"),
        BadEdit(.conv2d, [("filter.data[7]", nil)], "wrongLength", "filter.data"),
        BadEdit(.conv2d, [("filter.data[4]", "-129")], "outOfRange", "filter.data[4]"),
        BadEdit(.conv2d, [("filter.scales", "[0.25, 0.125, 0.5]")], "invalidValue", "filter.scales"),
        BadEdit(.conv2d, [("filter.scales[1]", "0")], "invalidValue", "filter.scales[1]"),
        BadEdit(.conv2d, [("bias.data", "[1]")], "wrongLength", "bias.data"),
        BadEdit(.conv2d, [("bias.data[1]", "3000000000")], "outOfRange", "bias.data[1]"),
        BadEdit(.depthwiseConv2d, [("filter.shape", "[2, 1, 1, 2]")], "layoutMismatch", "filter.shape[0]"),
        BadEdit(.depthwiseConv2d, [("filter.shape", "[1, 1, 1, 3]")], "layoutMismatch", "filter.shape[3]"),
        BadEdit(.depthwiseConv2d, [("params.depth_multiplier", "3")], "layoutMismatch", "params.depth_multiplier"),
        BadEdit(.depthwiseConv2d, [("output.shape", "[1, 2, 2, 2]")], "layoutMismatch", "output.shape[3]"),
        // Mean.
        BadEdit(.mean, [("params.axes", "[1, 3]")], "invalidValue", "params.axes"),
        BadEdit(.mean, [("params.keep_dims", "false")], "invalidValue", "params.keep_dims"),
        BadEdit(.mean, [("output.shape", "[1, 2, 1, 2]")], "layoutMismatch", "output.shape"),
        // Vectors.
        BadEdit(.add, [("vectors", "[]")], "invalidValue", "vectors"),
        BadEdit(.add, [("vectors[0].input[3]", nil)], "wrongLength", "vectors[0].input"),
        BadEdit(.add, [("vectors[0].input2", "[1, 2, 3, 4, 5]")], "wrongLength", "vectors[0].input2"),
        BadEdit(.add, [("vectors[0].output[0]", nil)], "wrongLength", "vectors[0].output"),
        BadEdit(.add, [("vectors[0].input[1]", "128")], "outOfRange", "vectors[0].input[1]"),
        BadEdit(.add, [("vectors[0].input2[0]", "-200")], "outOfRange", "vectors[0].input2[0]"),
        BadEdit(.add, [("vectors[0].output[2]", "128")], "outOfRange", "vectors[0].output[2]"),
        BadEdit(.conv2d, [("vectors[1].input[0]", "-129")], "outOfRange", "vectors[1].input[0]"),
        BadEdit(.maxPool2d, [("vectors[0].indices", "[1, 1, 3]")], "wrongLength", "vectors[0].indices"),
        BadEdit(.maxPool2d, [("vectors[0].indices[2]", "9")], "outOfRange", "vectors[0].indices[2]"),
        BadEdit(.maxPool2d, [("vectors[0].indices[0]", "-1")], "outOfRange", "vectors[0].indices[0]"),
        // Found when the kernel is planned: output shape, parameters Octet rejects.
        BadEdit(.conv2d, [("output.shape", "[1, 2, 2, 2]"), ("vectors[0].output", "[0, 0, 0, 0, 0, 0, 0, 0]"),
                          ("vectors[1].output", "[0, 0, 0, 0, 0, 0, 0, 0]")], "layoutMismatch", "output.shape"),
        BadEdit(.maxPool2d, [("params.stride", "[2, 2]")], "layoutMismatch", "output.shape"),
        BadEdit(.avgPool2d, [("params.padding", "[2, 0, 0, 0]")], "kernelRejected", "params.padding"),
        BadEdit(.maxPool2d, [("params.filter", "[4, 4]")], "kernelRejected", "input.shape"),
        BadEdit(.depthwiseConv2d, [("params.padding", "[1, 0, 0, 0]")], "kernelRejected", "params.padding"),
    ]

    @Test("Decoding errors name the JSON path", arguments: decoding)
    func decodingError(_ bad: BadEdit) throws {
        try check(bad)
    }

    @Test("Validation errors name the field", arguments: validation)
    func validationError(_ bad: BadEdit) throws {
        try check(bad)
    }

    private func check(_ bad: BadEdit, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try edited(CaseFiles.text(bad.base), bad.edits)
        guard let error = rejection(data, file: "bad-\(bad.base).json", sourceLocation: sourceLocation) else { return }
        #expect(error.kind == bad.kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.field == bad.field, "\(error)", sourceLocation: sourceLocation)
        #expect(error.file == "bad-\(bad.base).json", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix("bad-\(bad.base).json: \(bad.field.map { "\($0): " } ?? "")"), sourceLocation: sourceLocation)
        #expect(!error.reason.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("Messages say what is wrong")
    func messages() throws {
        func message(_ op: ConformanceOp, _ edits: [(String, String?)]) throws -> String {
            try rejection(edited(CaseFiles.text(op), edits), file: "f.json").map(\.description) ?? ""
        }
        #expect(try message(.add, [("vectors[0].input[1]", "128")]) == "f.json: vectors[0].input[1]: 128 is outside -128...127")
        #expect(try message(.add, [("vectors[0].input[1]", "4.5")]) == "f.json: vectors[0].input[1]: 4.5 is not an integer")
        #expect(try message(.add, [("output", nil)]) == "f.json: output: missing")
        #expect(try message(.add, [("input.scale", "\"0.5\"")]) == "f.json: input.scale: expected a number")
        #expect(try message(.add, [("vectors[0].input[3]", nil)]) == "f.json: vectors[0].input: has 3 values, expected 4")
        #expect(try message(.conv2d, [("filter.shape", "[2, 2, 2, 3]")])
                == "f.json: filter.shape[3]: 3 input channels (OHWI), but input.shape[3] is 1")
        #expect(try message(.conv2d, [("input2", "{\"shape\": [1], \"scale\": 1, \"zero_point\": 0}")])
                == "f.json: input2: op conv2d does not take this field")
        #expect(try message(.add, [("op", "\"softmax\"")]) == "f.json: op: unknown value \"softmax\"; expected one of "
                + "\"conv2d\", \"depthwise_conv2d\", \"fully_connected\", \"max_pool2d\", \"avg_pool2d\", \"mean\", \"global_avg_pool2d\", \"add\"")
        #expect(try message(.maxPool2d, [("params.stride", "[2, 2]")])
                == "f.json: output.shape: is [1, 2, 2, 1]; Octet computes [1, 1, 1, 1] for this input, filter and params")
        #expect(try message(.avgPool2d, [("params.padding", "[2, 0, 0, 0]")]).hasPrefix(
            "f.json: params.padding: rejected by the Octet kernel: padding height (2, 0) must be in 0..<2"))
    }

    @Test("Bytes that are not JSON, or not an object")
    func notJSON() {
        let truncated = rejection(Data("{\"format\": \"octet-conformance/v1\", \"op\": [1, 2".utf8), file: "t.json")
        #expect(truncated?.kind == "notJSON")
        #expect(truncated?.field == nil)
        #expect(truncated?.description.hasPrefix("t.json: not valid JSON: ") == true)
        #expect(rejection(Data(), file: "empty.json")?.kind == "notJSON")
        let array = rejection(Data("[1, 2]".utf8), file: "a.json")
        #expect(array?.kind == "wrongType")
        #expect(array?.field == "$")
    }

    @Test("Kernel errors map to the field they are about")
    func kernelErrorFields() {
        #expect(KernelError.invalidStride(axis: 1, value: 0).caseField == "params.stride")
        #expect(KernelError.invalidWindow(axis: 1, value: 0).caseField == "params.filter")
        #expect(KernelError.emptyWindow(axis: 2, outputIndex: 0).caseField == "params.dilation")
        #expect(KernelError.bufferTooSmall(.filter, required: 4, actual: 3).caseField == "filter.data")
        #expect(KernelError.shapeMismatch(.output, expected: .nhwc(1, 1, 1, 1), actual: .nhwc(1, 1, 1, 2)).caseField == "output.shape")
        #expect(KernelError.invalidQuantization(.input2, scale: 0, zeroPoint: 0).caseField == "input2")
        #expect(KernelError.invalidFilterScale(channel: 3, scale: 0).caseField == "filter.scales[3]")
        #expect(KernelError.biasLength(expected: 2, actual: 1).caseField == "bias.data")
        #expect(KernelError.accumulatorOverflow(taps: 70000, limit: 65536).caseField == "filter.shape")
        #expect(KernelError.unsupported(.windowCells, value: 70000).caseField == "params.filter")
        #expect(KernelError.quantizationMismatch(input: .identity, output: .identity).caseField == "output")
    }

    @Test("The hand-made bad files are each rejected, naming the file and the field")
    func badFiles() throws {
        let expected: [String: (kind: String, field: String?)] = [
            "bias_out_of_int32.json": ("outOfRange", "bias.data[1]"),
            "conv_filter_channels.json": ("layoutMismatch", "filter.shape[3]"),
            "missing_output.json": ("missingField", "output"),
            "non_integer_vectors0_input1.json": ("invalidValue", "vectors[0].input[1]"),
            "not_json.json": ("notJSON", nil),
            "out_of_range_vectors0_output2.json": ("outOfRange", "vectors[0].output[2]"),
            "unknown_op.json": ("unknownName", "op"),
            "unknown_padding.json": ("unknownName", "params.padding"),
            "wrong_length_vectors0_input2.json": ("wrongLength", "vectors[0].input2"),
            "wrong_type_input_scale.json": ("wrongType", "input.scale"),
        ]
        let files = ConformanceSuite.caseFiles([CaseFiles.path("bad")]).files
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } == expected.keys.sorted())
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            do throws(ConformanceError) {
                _ = try ConformanceRunner().run(path: file)
                Issue.record("\(name) ran")
            } catch {
                #expect(error.kind == expected[name]?.kind, "\(error)")
                #expect(error.field == expected[name]?.field, "\(error)")
                #expect(error.file == file)
                #expect(error.description.hasPrefix(file + ": "))
            }
        }
    }

    @Test("A file that cannot be read")
    func unreadable() {
        do throws(ConformanceError) {
            _ = try ConformanceCase.load(path: CaseFiles.path("no-such-case.json"))
            Issue.record("loaded")
        } catch {
            #expect(error.kind == "unreadable")
            #expect(error.file == CaseFiles.path("no-such-case.json"))
        }
    }
}
