#!/usr/bin/env bash
# Builds and (optionally) runs the libFuzzer targets: the .octet reader + interpreter, and the
# ONNX reader (protobuf + ONNX decoder).
#
#   bash Tools/fuzz/build-fuzzer.sh            build .build-fuzz/octet-fuzz
#   bash Tools/fuzz/build-fuzzer.sh 60         build, then fuzz for 60 s from the checked-in seeds
#   bash Tools/fuzz/build-fuzzer.sh onnx 60    the same for .build-fuzz/onnx-fuzz, seeded with
#                                              Tests/Fixtures/models/*.onnx and the demo model
#
# The target is Sources/Octet/**/*.swift + Tools/fuzz/OctetFuzz.swift compiled as one module with
# -sanitize=fuzzer,address. Seeds: Tests/Fixtures/runtime/*.octet, copied into a scratch corpus
# (.build-fuzz/corpus) so the checked-in files are never rewritten. Findings (crash-*, leak-*,
# timeout-*) land in .build-fuzz/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out=.build-fuzz
mkdir -p "$out/corpus"
if [ "${1:-}" = "onnx" ]; then
    mkdir -p "$out/onnx-corpus"
    mapfile -t sources < <(find Sources/OctetModel/Protobuf Sources/OctetModel/ONNX -name '*.swift' | LC_ALL=C sort)
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name OctetModel \
        "${sources[@]}" Tools/fuzz/ONNXFuzz.swift -o "$out/onnx-fuzz"
    echo "built $out/onnx-fuzz"
    if [ "${2:-}" != "" ]; then
        cp Tests/Fixtures/models/*.onnx Tools/octet/Demo/*.onnx "$out/onnx-corpus/"
        cd "$out"
        ./onnx-fuzz -max_total_time="$2" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 onnx-corpus
    fi
    exit 0
fi
mapfile -t sources < <(find Sources/Octet -name '*.swift' | LC_ALL=C sort)
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name Octet \
    "${sources[@]}" Tools/fuzz/OctetFuzz.swift -o "$out/octet-fuzz"
echo "built $out/octet-fuzz"
if [ "${1:-}" != "" ]; then
    cp Tests/Fixtures/runtime/*.octet "$out/corpus/"
    cd "$out"
    ./octet-fuzz -max_total_time="$1" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus
fi
