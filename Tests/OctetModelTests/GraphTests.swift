import Octet
import OctetModel
import Testing

@Suite struct GraphTests {
    @Test func activationShapeOfSpatialTensor() {
        let t = GraphTensor(name: "x", type: .float32, shape: [1, 4, 5, 3], spatialRank: 2)
        #expect(t.activationShape == .nhwc(1, 4, 5, 3))
        #expect(t.elementCount == 60)
        let w = GraphTensor(name: "w", type: .int8, shape: [2, 3], spatialRank: 0, data: .int8([1, 2, 3, 4, 5, 6]))
        #expect(w.activationShape == nil)
        #expect(w.isConstant)
    }
}
