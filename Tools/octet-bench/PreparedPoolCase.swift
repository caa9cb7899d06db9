import Octet

/// A case with its buffers: the seeded input, the optimized kernel's output and the reference
/// loop's output. Building one validates the case (throws what the kernel would throw).
struct PreparedPoolCase {
    let spec: PoolCase
    let plan: PoolPlan
    let input: Int8Buffer
    let output: Int8Buffer
    let referenceOutput: Int8Buffer

    /// `seed` makes the input: int8 values uniform in −128...127 from SplitMix64.
    init(_ spec: PoolCase, seed: UInt64) throws(KernelError) {
        self.spec = spec
        plan = try spec.plan()
        input = Int8Buffer(count: spec.input.elementCount)
        output = Int8Buffer(count: plan.output.elementCount)
        referenceOutput = Int8Buffer(count: plan.output.elementCount)
        var random = SplitMix64(seed: seed)
        random.fill(input.elements)
    }

    var inputBytes: Int { spec.input.elementCount }

    private var inputTensor: Tensor<Int8> {
        Tensor(input.readOnly, shape: spec.input, quantization: spec.inputQuantization)
    }

    private func outputTensor(_ buffer: Int8Buffer) -> MutableTensor<Int8> {
        MutableTensor(buffer.elements, shape: plan.output, quantization: spec.outputQuantization)
    }

    /// One call of Octet's public kernel entry point (which builds and checks its plan each call).
    func runOptimized() throws(KernelError) {
        let x = inputTensor, y = outputTensor(output)
        switch spec.kind {
        case .maxPool: try Octet.maxPool(x, into: y, parameters: spec.parameters)
        case .averagePool: try Octet.averagePool(x, into: y, parameters: spec.parameters)
        case .globalAveragePool: try Octet.globalAveragePool(x, into: y)
        }
    }

    /// One call of the plain reference loop (`Reference.maxPool`, `.averagePool`, `.globalAveragePool`).
    func runReference() throws(KernelError) {
        let x = inputTensor, y = outputTensor(referenceOutput)
        let p = spec.parameters
        switch spec.kind {
        case .maxPool:
            try Reference.maxPool(x, into: y, indices: nil, plan: plan, activation: p.activation)
        case .averagePool:
            try Reference.averagePool(
                x, into: y, plan: plan, countIncludePad: p.countIncludePad, activation: p.activation)
        case .globalAveragePool:
            try Reference.globalAveragePool(x, into: y, activation: p.activation)
        }
    }

    /// True when the optimized output equals the reference output element for element.
    var outputsAgree: Bool { output.elements.elementsEqual(referenceOutput.elements) }
}
