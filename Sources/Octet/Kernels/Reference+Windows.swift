// The window walk shared by the plain pooling loops (int8 and float32).

extension Reference {
    /// Visits every output position of `plan` in NDHWC order with its three windows and the flat
    /// offset of its (n, 0, 0, 0, 0) input cell; `body` computes all channels of that position.
    static func forEachWindow(
        _ plan: PoolPlan,
        _ body: (_ out: Int, _ inputBatchCell: Int, _ d: PoolWindow, _ h: PoolWindow, _ w: PoolWindow) -> Void
    ) {
        let o = plan.output
        var out = 0
        for n in 0..<o.batch {
            for od in 0..<o.depth {
                let wd = plan.depth.window(od)
                for oh in 0..<o.height {
                    let wh = plan.height.window(oh)
                    for ow in 0..<o.width {
                        body(out, n * plan.input.spatialCount, wd, wh, plan.width.window(ow))
                        out += o.channels
                    }
                }
            }
        }
    }
}
