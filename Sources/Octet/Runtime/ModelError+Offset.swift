extension ModelError {
    /// The absolute byte offset of the offending field.
    public var offset: Int {
        switch self {
        case .misalignedBuffer(let o), .badMagic(let o), .nameOutOfBounds(let o), .arenaTooLarge(let o): return o
        case .truncated(let o, _), .unsupportedVersion(let o, _), .invalidSectionCount(let o, _), .invalidCount(let o, _): return o
        case .sectionOutOfBounds(let o, _), .misalignedSection(let o, _), .overlappingSections(let o, _),
            .duplicateSection(let o, _), .missingSection(let o, _), .sectionLength(let o, _):
            return o
        case .invalidTensor(_, let o, _), .invalidNode(_, let o, _), .tensorIndexOutOfRange(_, let o, _),
            .invalidOperand(_, let o, _, _), .shapeMismatch(_, let o, _), .kernelRejected(_, let o, _),
            .invalidGraphIO(let o, _, _), .unwrittenActivation(_, let o):
            return o
        }
    }
}
