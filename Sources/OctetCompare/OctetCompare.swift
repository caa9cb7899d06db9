// OctetCompare: host-side comparison of Octet against other runtimes (conformance cases) and,
// later, float-vs-int8 drift reports.
