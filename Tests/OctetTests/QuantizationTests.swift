import Testing
@testable import Octet
