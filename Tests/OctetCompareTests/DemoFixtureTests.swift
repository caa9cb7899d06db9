import Foundation
import OctetCompare
import OctetTestSupport
import Testing

/// Tests/Fixtures/runtime/demo.octet is `octet demo`'s int8 model, which the Embedded/ARM check
/// runs under qemu-aarch64. It must stay what the pipeline writes (regenerate with
/// OCTET_REGENERATE=1 swift test --filter DemoFixtureTests).
@Suite struct DemoFixtureTests {
    @Test func checkedInDemoModelIsThePipelinesOutput() throws {
        let demo = Fixtures.packageRoot.appendingPathComponent("Tools/octet/Demo").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("octet-demo-\(UUID().uuidString)").path
        let result = DemoPipeline.run(directory: demo, outputDirectory: dir)
        #expect(result.status == .success, "\(result.errors)")
        let written = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/demo.octet"))
        let fixture = Fixtures.testsDirectory.appendingPathComponent("Fixtures/runtime/demo.octet")
        if ProcessInfo.processInfo.environment["OCTET_REGENERATE"] == "1" {
            try written.write(to: fixture, options: .atomic)
        }
        #expect(try Data(contentsOf: fixture) == written)
    }
}
