import Foundation
import Octet
import OctetCompare
import Testing

/// Every field of the case format, read into the Codable model and then into Octet's types.
@Suite("Conformance case parsing")
struct ConformanceParsingTests {
    /// A case using every top-level and params key at once (not a runnable combination: it is only
    /// decoded, never validated), plus extra keys that must be ignored.
    static let everyField = """
        {"format": "octet-conformance/v1", "op": "conv2d", "source": "TFLite 2.21.0 BUILTIN_REF",
         "name": "ignored", "generator": "ignored", "seed": 7, "notes": ["ignored"], "versions": {"x": "1"},
         "params": {"filter": [3, 2], "stride": [2, 1], "dilation": [1, 2], "padding": [1, 0, 2, 1],
                    "activation": "relu6", "depth_multiplier": 2, "count_include_pad": true,
                    "axes": [1, 2], "keep_dims": true, "unknown_param": 5},
         "input": {"shape": [1, 4, 5, 2], "scale": 0.0123, "zero_point": -3},
         "input2": {"shape": [1, 4, 5, 2], "scale": 0.5, "zero_point": 127},
         "filter": {"shape": [2, 3, 2, 2], "scales": [0.25, 0.001953125], "data": [-128, 127, 0]},
         "bias": {"data": [-2147483648, 2147483647]},
         "output": {"shape": [1, 2, 5, 2], "scale": 1e-3, "zero_point": -128},
         "vectors": [{"input": [1, -2], "input2": [3], "output": [4, 5], "indices": [0, 19]},
                     {"input": [], "output": []}]}
        """

    @Test("Every field decodes into the model; extra keys are ignored")
    func everyFieldDecodes() throws {
        let c = try ConformanceCase.decode(Data(Self.everyField.utf8), file: "every.json")
        #expect(c.format == "octet-conformance/v1")
        #expect(c.op == "conv2d")
        #expect(c.source == "TFLite 2.21.0 BUILTIN_REF")
        let p = try #require(c.params)
        #expect(p.filter == [3, 2])
        #expect(p.stride == [2, 1])
        #expect(p.dilation == [1, 2])
        #expect(p.padding == .explicit([1, 0, 2, 1]))
        #expect(p.activation == "relu6")
        #expect(p.depthMultiplier == 2)
        #expect(p.countIncludePad == true)
        #expect(p.axes == [1, 2])
        #expect(p.keepDims == true)
        #expect(c.input == .init(shape: [1, 4, 5, 2], scale: 0.0123, zeroPoint: -3))
        #expect(c.input2 == .init(shape: [1, 4, 5, 2], scale: 0.5, zeroPoint: 127))
        #expect(c.filter == .init(shape: [2, 3, 2, 2], scales: [0.25, 0.001953125], data: [-128, 127, 0]))
        #expect(c.bias == .init(data: [-2147483648, 2147483647]))
        #expect(c.output == .init(shape: [1, 2, 5, 2], scale: 0.001, zeroPoint: -128))
        #expect(c.vectors == [
            .init(input: [1, -2], input2: [3], output: [4, 5], indices: [0, 19]),
            .init(input: [], output: []),
        ])
    }

    @Test("Encoding and decoding again gives the same case")
    func roundTrip() throws {
        let c = try ConformanceCase.decode(Data(Self.everyField.utf8), file: "every.json")
        let again = try ConformanceCase.decode(JSONEncoder().encode(c), file: "again.json")
        #expect(again == c)
        var named = c
        named.params?.padding = .named("same")
        #expect(try ConformanceCase.decode(JSONEncoder().encode(named), file: "named.json").params?.padding == .named("same"))
    }

    @Test("Optional params and operands decode as absent")
    func optionalFields() throws {
        let c = try ConformanceCase.decode(Data(CaseFiles.text(.add).utf8), file: "add.json")
        #expect(c.filter == nil && c.bias == nil)
        #expect(c.params == .init(activation: "none"))
        #expect(c.vectors[0].indices == nil)
    }

    // MARK: Into Octet's types

    @Test("conv2d: shapes, quantization, OHWI filter, per-channel scales, bias, parameters, vectors")
    func conv() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.conv2d))
        #expect(c.op == .conv2d)
        #expect(c.file == CaseFiles.passPath(.conv2d))
        #expect(c.source == "hand-computed (DESIGN.md section 3)")
        #expect(c.input == .nhwc(1, 2, 2, 1))
        #expect(c.inputQuantization == QuantParams(scale: 0.5, zeroPoint: 1))
        #expect(c.output == .nhwc(1, 1, 1, 2))
        #expect(c.outputQuantization == QuantParams(scale: 0.125, zeroPoint: -3))
        #expect(c.outputDims == [1, 1, 1, 2])
        #expect(c.kernel == .conv(
            filter: FilterShape(outputChannels: 2, height: 2, width: 2, inputChannels: 1),
            weights: [1, 2, 3, 4, -1, 0, 0, 1], scales: [0.25, 0.125], bias: [2, -3],
            parameters: Conv2DParameters(stride: Spatial(1, 1), dilation: Spatial(1, 1), padding: .valid, activation: .none)))
        #expect(c.vectors == [
            CheckedVector(input: [3, 5, 1, 2], input2: nil, output: [13, -5], indices: nil),
            CheckedVector(input: [0, 1, 2, 2], input2: nil, output: [5, -3], indices: nil),
        ])
    }

    @Test("depthwise_conv2d: 1HW(C·M) filter, multiplier, ReLU, default dilation, no bias")
    func depthwise() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.depthwiseConv2d))
        #expect(c.kernel == .depthwise(
            filter: FilterShape(outputChannels: 1, height: 1, width: 1, inputChannels: 4), multiplier: 2,
            weights: [1, -1, 2, 3], scales: [1], bias: nil,
            parameters: Conv2DParameters(stride: Spatial(1, 1), padding: .valid, activation: .relu)))
        #expect(c.output == .nhwc(1, 2, 2, 4))
    }

    @Test("depthwise_conv2d: the multiplier is inferred when params.depth_multiplier is absent")
    func depthwiseInferredMultiplier() throws {
        let data = try edited(CaseFiles.text(.depthwiseConv2d), [("params.depth_multiplier", nil)])
        let c = try ConformanceCase.decode(data, file: "m.json").validated(file: "m.json")
        guard case .depthwise(_, let multiplier, _, _, _, _) = c.kernel else { Issue.record("not depthwise"); return }
        #expect(multiplier == 2)
    }

    @Test("fully_connected: [batch, features] shapes as NWC, OI weights")
    func fullyConnected() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.fullyConnected))
        #expect(c.input == .nwc(2, 1, 3))
        #expect(c.output == .nwc(2, 1, 2))
        #expect(c.kernel == .fullyConnected(
            inputFeatures: 3, outputFeatures: 2, weights: [1, 0, -1, 2, 2, 2], scales: [0.5, 0.25], bias: [1, -1],
            activation: .none))
    }

    @Test("max_pool2d: window, stride, padding; indices as Int32")
    func maxPool() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.maxPool2d))
        #expect(c.kernel == .maxPool(PoolParameters(window: Spatial(2, 2), stride: Spatial(1, 1), padding: .valid)))
        #expect(c.vectors[0].indices == [1, 1, 3, 7])
    }

    @Test("avg_pool2d: explicit padding [top, left, bottom, right] and count_include_pad")
    func avgPool() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.avgPool2d))
        #expect(c.kernel == .avgPool(PoolParameters(
            window: Spatial(2, 2), stride: Spatial(2, 2), padding: .explicit(begin: Spatial(0, 0), end: Spatial(0, 0)))))
        let data = try edited(CaseFiles.text(.avgPool2d), [
            ("params.padding", "[1, 0, 1, 1]"), ("params.count_include_pad", "true"), ("params.activation", "\"relu6\""),
            ("output.shape", "[1, 2, 1, 2]"), ("vectors[0].output", "[0, 0, 0, 0]"),
        ])
        let padded = try ConformanceCase.decode(data, file: "p.json").validated(file: "p.json")
        #expect(padded.kernel == .avgPool(PoolParameters(
            window: Spatial(2, 2), stride: Spatial(2, 2), padding: .explicit(begin: Spatial(1, 0), end: Spatial(1, 1)),
            countIncludePad: true, activation: .relu6)))
    }

    @Test("Padding names: same, valid")
    func paddingNames() throws {
        for (name, padding) in [("same", Padding.same), ("valid", .valid)] {
            let data = try edited(CaseFiles.text(.maxPool2d), [("params.padding", "\"\(name)\"")])
            let c = try ConformanceCase.decode(data, file: "p.json").validated(file: "p.json")
            guard case .maxPool(let p) = c.kernel else { Issue.record("not max pool"); continue }
            #expect(p.padding == padding)
        }
    }

    @Test("mean: axes and keep_dims accepted; the output quantization may differ")
    func mean() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.mean))
        #expect(c.kernel == .mean(.none))
        #expect(c.outputQuantization == QuantParams(scale: 0.25, zeroPoint: 1))
        let bare = try edited(CaseFiles.text(.mean), [("params", nil)])
        #expect(try ConformanceCase.decode(bare, file: "m.json").validated(file: "m.json").kernel == .mean(.none))
    }

    @Test("add: input2 quantization and vectors; any rank from 1 to 5")
    func add() throws {
        let c = try ConformanceCase.load(path: CaseFiles.passPath(.add))
        #expect(c.kernel == .add(.none))
        #expect(c.input2Quantization == QuantParams(scale: 0.5, zeroPoint: 0))
        #expect(c.vectors[0].input2 == [2, -4, 0, 0])
        for (dims, shape) in [
            ("[4]", ActivationShape.nwc(1, 1, 4)), ("[2, 2]", .nwc(2, 1, 2)), ("[1, 2, 2]", .nwc(1, 2, 2)),
            ("[1, 1, 1, 2, 2]", .ndhwc(1, 1, 1, 2, 2)),
        ] {
            let data = try edited(CaseFiles.text(.add), [("input.shape", dims), ("input2.shape", dims), ("output.shape", dims)])
            let r = try ConformanceCase.decode(data, file: "a.json").validated(file: "a.json")
            #expect(r.input == shape, "shape \(dims)")
            #expect(r.output == shape, "shape \(dims)")
        }
    }

    @Test("Scales are read as Double and used as Float")
    func scales() throws {
        let data = try edited(CaseFiles.text(.conv2d), [("input.scale", "0.009016931056976318"), ("filter.scales", "[0.1]")])
        let c = try ConformanceCase.decode(data, file: "s.json").validated(file: "s.json")
        #expect(c.inputQuantization.scale == Float(0.009016931056976318))
        guard case .conv(_, _, let scales, _, _) = c.kernel else { Issue.record("not conv"); return }
        #expect(scales == [Float(0.1)])
    }

    @Test("Activation names: none, relu, relu6, and none when absent")
    func activations() throws {
        for (name, activation) in [("\"none\"", FusedActivation.none), ("\"relu\"", .relu), ("\"relu6\"", .relu6), (nil, .none)] {
            let data = try edited(CaseFiles.text(.add), [("params.activation", name)])
            #expect(try ConformanceCase.decode(data, file: "a.json").validated(file: "a.json").kernel == .add(activation))
        }
    }

    @Test("JSON paths of coding keys")
    func jsonPaths() {
        #expect(jsonSteps("vectors[2].input[5]") == [.key("vectors"), .index(2), .key("input"), .index(5)])
    }
}
