import Foundation
import Octet

/// A conv-family case with its seeded data and its plan (built once: weights are packed at load
/// time, not per call), plus the optimized kernel's and the reference loop's output buffers.
/// Building one validates the case (throws what the plan's initializer throws).
///
/// Quantization, realistic for a trained layer: input scale 0.02, zero point 5, values uniform in
/// −128...127; weights uniform in −127...127 with per-channel scales uniform in 0.005...0.015;
/// bias uniform in ±σ_acc (σ_acc = the accumulator's standard deviation,
/// √(taps·E[w²]·E[(x − zp)²]) from the data's own moments); the output scale puts ±3 standard
/// deviations of the real output (at the mean filter scale) at ±127, zero point −3, so outputs
/// spread over the int8 range with a few percent clamped.
struct PreparedConvCase {
    enum Plan {
        case conv(Conv2DPlan)
        case depthwise(DepthwiseConv2DPlan)
        case fullyConnected(FullyConnectedPlan)
    }

    static let inputQuantization = QuantParams(scale: 0.02, zeroPoint: 5)
    static let outputZeroPoint: Int32 = -3

    let spec: ConvCase
    let plan: Plan
    let outputShape: ActivationShape
    /// [top, left, bottom, right] as the plan pads (SAME splits as TFLite).
    let pads: [Int]
    let outputQuantization: QuantParams
    let input: Int8Buffer
    /// In Octet's layout: conv OHWI, depthwise [KH, KW, C], fully connected [O, I].
    let weights: Int8Buffer
    let filterScales: [Float]
    let bias: [Int32]
    let output: Int8Buffer
    let referenceOutput: Int8Buffer

    init(_ spec: ConvCase, seed: UInt64) throws(KernelError) {
        self.spec = spec
        var random = SplitMix64(seed: seed)
        input = Int8Buffer(count: spec.input.elementCount)
        random.fill(input.elements)
        weights = Int8Buffer(count: spec.filter.elementCount)
        for k in weights.elements.indices { weights.elements[k] = Int8.random(in: -127...127, using: &random) }
        let channels = spec.outputChannels
        let scales = (0..<channels).map { _ in Float.random(in: 0.005...0.015, using: &random) }
        filterScales = scales

        let zp = Double(Self.inputQuantization.zeroPoint)
        let inputSquares = input.elements.reduce(0.0) { $0 + (Double($1) - zp) * (Double($1) - zp) }
        let weightSquares = weights.elements.reduce(0.0) { $0 + Double($1) * Double($1) }
        let taps: Int
        switch spec.kind {
        case .conv: taps = spec.filter.height * spec.filter.width * spec.filter.inputChannels
        case .depthwiseConv: taps = spec.filter.height * spec.filter.width
        case .fullyConnected: taps = spec.filter.inputChannels
        }
        let accumulatorDeviation = (Double(taps) * weightSquares / Double(weights.elements.count)
            * inputSquares / Double(input.elements.count)).squareRoot()
        let biasBound = Int32(accumulatorDeviation.rounded())
        let biasValues = (0..<channels).map { _ in Int32.random(in: -biasBound...biasBound, using: &random) }
        bias = biasValues
        // Bias uniform in ±σ adds σ²/3 to the variance.
        let outputDeviation = accumulatorDeviation * (4.0 / 3.0).squareRoot()
        let meanScale = scales.reduce(0.0) { $0 + Double($1) } / Double(channels)
        let outputQuantization = QuantParams(
            scale: Float(Double(Self.inputQuantization.scale) * meanScale * 3 * outputDeviation / 127),
            zeroPoint: Self.outputZeroPoint)
        self.outputQuantization = outputQuantization

        let w = weights.readOnly, inputQuantization = Self.inputQuantization
        plan = try scales.withUnsafeBufferPointer { s throws(KernelError) -> Plan in
            try biasValues.withUnsafeBufferPointer { b throws(KernelError) -> Plan in
                switch spec.kind {
                case .conv:
                    return .conv(try Conv2DPlan(
                        input: spec.input, inputQuantization: inputQuantization, filter: spec.filter, weights: w,
                        filterScales: s, bias: b, outputQuantization: outputQuantization,
                        parameters: spec.parameters))
                case .depthwiseConv:
                    return .depthwise(try DepthwiseConv2DPlan(
                        input: spec.input, inputQuantization: inputQuantization, filter: spec.filter,
                        depthMultiplier: 1, weights: w, filterScales: s, bias: b,
                        outputQuantization: outputQuantization, parameters: spec.parameters))
                case .fullyConnected:
                    return .fullyConnected(try FullyConnectedPlan(
                        inputFeatures: spec.filter.inputChannels, outputFeatures: spec.filter.outputChannels,
                        inputQuantization: inputQuantization, weights: w, filterScales: s, bias: b,
                        outputQuantization: outputQuantization))
                }
            }
        }
        switch plan {
        case .conv(let p): outputShape = p.output
        case .depthwise(let p): outputShape = p.output
        case .fullyConnected(let p): outputShape = p.outputShape(batch: spec.input.batch)
        }
        if spec.kind == .fullyConnected {
            pads = [0, 0, 0, 0]
        } else {
            let geometry = try spec.geometry()
            pads = [geometry.height.padBegin, geometry.width.padBegin, geometry.height.padEnd, geometry.width.padEnd]
        }
        output = Int8Buffer(count: outputShape.elementCount)
        referenceOutput = Int8Buffer(count: outputShape.elementCount)
    }

    var multiplyAccumulates: Int { spec.multiplyAccumulates(output: outputShape) }

    private var inputTensor: Tensor<Int8> {
        Tensor(input.readOnly, shape: spec.input, quantization: Self.inputQuantization)
    }

    private func outputTensor(_ buffer: Int8Buffer) -> MutableTensor<Int8> {
        MutableTensor(buffer.elements, shape: outputShape, quantization: outputQuantization)
    }

    /// One call of Octet's public entry point (`conv2D`, `depthwiseConv2D`, `fullyConnected`) with
    /// the prepared plan.
    func runOptimized() throws(KernelError) {
        let x = inputTensor, y = outputTensor(output)
        switch plan {
        case .conv(let p): try Octet.conv2D(x, into: y, plan: p)
        case .depthwise(let p): try Octet.depthwiseConv2D(x, into: y, plan: p)
        case .fullyConnected(let p): try Octet.fullyConnected(x, into: y, plan: p)
        }
    }

    /// One call of the plain reference loop (`Reference.conv2D`, …) with the same plan.
    func runReference() throws(KernelError) {
        let x = inputTensor, y = outputTensor(referenceOutput)
        switch plan {
        case .conv(let p): try Reference.conv2D(x, into: y, plan: p)
        case .depthwise(let p): try Reference.depthwiseConv2D(x, into: y, plan: p)
        case .fullyConnected(let p): try Reference.fullyConnected(x, into: y, plan: p)
        }
    }

    /// True when the optimized output equals the reference output element for element.
    var outputsAgree: Bool { output.elements.elementsEqual(referenceOutput.elements) }

    /// How the optimized output uses the int8 range: standard deviation (LSB) and the fraction of
    /// outputs at −128 or 127.
    var outputSpread: (deviation: Double, clamped: Double) {
        let values = output.elements
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        let clamped = values.reduce(0) { $0 + ($1 == .min || $1 == .max ? 1 : 0) }
        return (variance.squareRoot(), Double(clamped) / Double(values.count))
    }

    /// Writes the input, weights, bias and filter scales for the peer into `directory` as
    /// case<k>.{in,w,b,s} and returns the case description naming them and `case<k>.ort`.
    func writePeerFiles(to directory: URL, index k: Int) throws -> ConvPeerCase {
        let file = { (suffix: String) in directory.appendingPathComponent("case\(k).\(suffix)") }
        try input.write(to: file("in"))
        try weights.write(to: file("w"))
        try bias.map { $0.littleEndian }.withUnsafeBytes { try Data($0).write(to: file("b")) }
        try filterScales.map { $0.bitPattern.littleEndian }.withUnsafeBytes { try Data($0).write(to: file("s")) }
        func nhwc(_ s: ActivationShape) -> [Int] { [s.batch, s.height, s.width, s.channels] }
        let f = spec.filter, p = spec.parameters
        return ConvPeerCase(
            name: spec.name, op: spec.kind.rawValue, inputShape: nhwc(spec.input), outputShape: nhwc(outputShape),
            kernel: [f.height, f.width], stride: [p.stride.height, p.stride.width],
            dilation: [p.dilation.height, p.dilation.width], pads: pads,
            group: spec.kind == .depthwiseConv ? spec.input.channels : p.groups,
            input: PeerQuantization(Self.inputQuantization), output: PeerQuantization(outputQuantization),
            inputPath: file("in").path, weightsPath: file("w").path, biasPath: file("b").path,
            filterScalesPath: file("s").path, outputPath: file("ort").path)
    }
}
