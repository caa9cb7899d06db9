#!/usr/bin/env bash
# Embedded/ARM check (DESIGN.md §7): Octet compiles in Embedded Swift, links into a C program with
# no Swift runtime, and gives the same bytes on aarch64 (under qemu) as on the x86_64 host.
#
#   bash Tools/check-embedded.sh        (from anywhere; products go to .build-embedded/)
#   OCTET_CHECK_MODEL="a.octet b.octet" bash Tools/check-embedded.sh
#                                       (the .octet model the drivers load through octet_model_*;
#                                        default Tests/Fixtures/runtime/{check-model,demo}.octet)
#
# Steps:
#   1. install qemu-user-static and gcc-aarch64-linux-gnu with apt-get when missing (needs root);
#   2. compile every Sources/Octet/**/*.swift with Embedded Swift for aarch64-none-none-elf, and
#      compile-only for armv7em-none-none-eabi (Cortex-M);
#   3. link Tools/embedded-driver/driver.c with the aarch64 object (static PIE), run it under
#      qemu-aarch64-static;
#   4. build the same driver against an Embedded-Swift object for x86_64-unknown-linux-gnu, run it;
#   5. compare the drivers' checksums (exit 1 on any difference, or on a failing driver) — they
#      cover every kernel case and the model's output bytes (also printed on their own);
#   6. print the .text size of the aarch64 Octet object.
set -euo pipefail

start=$(date +%s)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

out=.build-embedded
driver=Tools/embedded-driver/driver.c
# The demo's int8 model (octet demo's output, checked in and kept equal by DemoFixtureTests) and
# the every-op check model.
read -r -a models <<<"${OCTET_CHECK_MODEL:-Tests/Fixtures/runtime/check-model.octet Tests/Fixtures/runtime/demo.octet}"
include=Sources/Octet/CAPI/include
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }

# 1. Cross tools.
if ! command -v qemu-aarch64-static >/dev/null || ! command -v aarch64-linux-gnu-gcc >/dev/null \
    || [ ! -e /usr/aarch64-linux-gnu/lib/libc.a ]; then
    step "installing qemu-user-static gcc-aarch64-linux-gnu"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends qemu-user-static gcc-aarch64-linux-gnu libc6-dev-arm64-cross
fi
host_cc=${CC:-}
if [ -z "$host_cc" ]; then
    for candidate in gcc clang cc; do
        if command -v "$candidate" >/dev/null; then host_cc=$candidate; break; fi
    done
fi
[ -n "$host_cc" ] || { echo "check-embedded: no host C compiler (gcc, clang or cc)" >&2; exit 1; }

mapfile -t sources < <(find Sources/Octet -name '*.swift' | LC_ALL=C sort)
echo "check-embedded: ${#sources[@]} Swift files in Sources/Octet"

# One whole-module Embedded-Swift compile of Octet for a target triple.
embedded_swiftc() {
    local target=$1 object=$2
    swiftc -enable-experimental-feature Embedded -target "$target" -wmo -parse-as-library -O \
        -c -module-name Octet "${sources[@]}" -o "$object"
}

# The header must compile on its own, layout asserts included, in C99, C11 and C++11.
step "octet.h: C99, C11, C++11"
for std in c99 c11; do
    echo '#include "octet.h"' | "$host_cc" -std=$std -Wall -Wextra -Werror -pedantic -I "$include" -x c -fsyntax-only -
done
if command -v g++ >/dev/null; then
    echo '#include "octet.h"' | g++ -std=c++11 -Wall -Wextra -Werror -pedantic -I "$include" -x c++ -fsyntax-only -
fi
echo '#include "octet.h"' | aarch64-linux-gnu-gcc -std=c11 -Wall -Wextra -Werror -I "$include" -x c -fsyntax-only -

# 2. Embedded Swift objects.
step "swiftc Embedded: aarch64-none-none-elf"
mkdir -p "$out/aarch64" "$out/armv7em" "$out/x86_64"
embedded_swiftc aarch64-none-none-elf "$out/aarch64/Octet.o"

step "swiftc Embedded: armv7em-none-none-eabi (compile only)"
embedded_swiftc armv7em-none-none-eabi "$out/armv7em/Octet.o"

step "swiftc Embedded: x86_64-unknown-linux-gnu"
embedded_swiftc x86_64-unknown-linux-gnu "$out/x86_64/Octet.o"

# 3. aarch64 Linux driver under qemu. --wrap counts the heap allocations Octet makes (octet.h
# promises none; the driver reports the count).
cflags=(-std=c11 -O2 -Wall -Wextra -I "$include" -Wl,--wrap=posix_memalign)
step "driver: aarch64 (static PIE, qemu-aarch64-static)"
aarch64-linux-gnu-gcc "${cflags[@]}" -static-pie -o "$out/aarch64/driver" "$driver" "$out/aarch64/Octet.o" -lm
aarch64_status=0
qemu-aarch64-static "$out/aarch64/driver" "${models[@]}" >"$out/aarch64/driver.txt" || aarch64_status=$?
cat "$out/aarch64/driver.txt"

# 4. x86_64 host driver.
step "driver: x86_64 host ($host_cc)"
"$host_cc" "${cflags[@]}" -o "$out/x86_64/driver" "$driver" "$out/x86_64/Octet.o" -lm
host_status=0
"$out/x86_64/driver" "${models[@]}" >"$out/x86_64/driver.txt" || host_status=$?
tail -n 2 "$out/x86_64/driver.txt"

# 5. Same bytes on both.
step "compare"
aarch64_sum=$(sed -n 's/^checksum: //p' "$out/aarch64/driver.txt")
host_sum=$(sed -n 's/^checksum: //p' "$out/x86_64/driver.txt")
echo "aarch64 (qemu) checksum: ${aarch64_sum:-<none>}  exit $aarch64_status"
echo "x86_64  (host) checksum: ${host_sum:-<none>}  exit $host_status"
echo "models ${models[*]}:"
grep '^model output' "$out/aarch64/driver.txt" | sed 's/^/  aarch64 (qemu) /'
grep '^model output' "$out/x86_64/driver.txt" | sed 's/^/  x86_64  (host) /'
if ! diff <(grep '^model output' "$out/aarch64/driver.txt") <(grep '^model output' "$out/x86_64/driver.txt") >/dev/null \
    || ! grep -q '^model output' "$out/x86_64/driver.txt"; then
    echo "check-embedded: FAIL: the model's outputs differ (or did not run)" >&2
    model_failed=1
fi
failed=${model_failed:-0}
if [ "$aarch64_status" -ne 0 ] || [ "$host_status" -ne 0 ]; then
    echo "check-embedded: FAIL: a driver reported unexpected statuses" >&2
    failed=1
fi
if [ -z "$aarch64_sum" ] || [ "$aarch64_sum" != "$host_sum" ]; then
    echo "check-embedded: FAIL: checksums differ" >&2
    diff "$out/aarch64/driver.txt" "$out/x86_64/driver.txt" >&2 || true
    failed=1
fi

allocations=$(sed -n 's/^heap allocations by octet: //p' "$out/aarch64/driver.txt")
if [ "${allocations:-0}" != 0 ]; then
    echo "check-embedded: FAIL: Octet made $allocations heap allocations (octet.h promises none);" \
        "callers of swift_allocObject: see 'aarch64-linux-gnu-objdump -dr $out/aarch64/Octet.o'"
    exit 1
fi

# 6. Size.
step "size"
aarch64-linux-gnu-size "$out/aarch64/Octet.o" "$out/armv7em/Octet.o" 2>/dev/null \
    || aarch64-linux-gnu-size "$out/aarch64/Octet.o"
text=$(aarch64-linux-gnu-size -A "$out/aarch64/Octet.o" | awk '$1 ~ /^\.text/ { sum += $2 } END { print sum + 0 }')
echo "aarch64 Octet.o .text: $text bytes"

echo "check-embedded: $([ "$failed" -eq 0 ] && echo PASS || echo FAIL) in $(($(date +%s) - start)) s"
exit "$failed"
