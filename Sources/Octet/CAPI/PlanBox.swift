/// The object behind octet.h's opaque plan handles (`octet_conv2d_plan`, `octet_depthwise_conv2d_plan`,
/// `octet_fully_connected_plan`): a prepared Swift plan on the heap, handed to C as
/// `Unmanaged.passRetained(box).toOpaque()`.
///
/// Lifecycle: `*_prepare` is the only call that allocates (the box, and the plan's weight, bias and
/// requantization arrays); `*_run` only reads the plan, so it allocates nothing and several threads
/// may run one plan at once; `*_plan_destroy` releases the box, which frees everything the plan owns.
/// The plan kind is stored with the plan, so a handle of the wrong kind is refused (the C types
/// already differ), not misread.
final class PlanBox: Sendable {
    enum Plan: Sendable {
        case conv(Conv2DPlan)
        case depthwise(DepthwiseConv2DPlan)
        case fullyConnected(FullyConnectedPlan)
    }

    let plan: Plan

    private init(_ plan: Plan) {
        self.plan = plan
    }

    /// A new handle owning `plan` (+1: balanced by `destroy`).
    static func handle(_ plan: Plan) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(PlanBox(plan)).toOpaque()
    }

    /// The plan behind a handle made by `handle(_:)`, or nil for NULL. Does not retain the box.
    static func plan(_ handle: UnsafeRawPointer?) -> Plan? {
        guard let handle else { return nil }
        return Unmanaged<PlanBox>.fromOpaque(handle)._withUnsafeGuaranteedRef { $0.plan }
    }

    /// Releases a handle made by `handle(_:)`; NULL is a no-op.
    static func destroy(_ handle: UnsafeMutableRawPointer?) {
        guard let handle else { return }
        Unmanaged<PlanBox>.fromOpaque(handle).release()
    }
}
