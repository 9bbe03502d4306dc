"""Start-to-ready and trivial-cell round trip through jupyter_client, for one kernelspec.

Usage: /usr/bin/python3 bench/kernel_roundtrip.py KERNEL_NAME RUNS
Prints one JSON line: {"kernel", "start_s", "first_cell_ms", "median_ms", "p90_ms"}.
"""
import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager


def main():
    name, runs = sys.argv[1], int(sys.argv[2])
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    start_s = time.perf_counter() - t0

    def round_trip():
        t = time.perf_counter()
        reply = kc.execute_interactive("1+1", timeout=120, output_hook=lambda msg: None)
        assert reply["content"]["status"] == "ok", reply["content"]
        return (time.perf_counter() - t) * 1000

    first = round_trip()
    times = sorted(round_trip() for _ in range(runs))
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    print(json.dumps({"kernel": name, "start_s": start_s, "first_cell_ms": first,
                      "median_ms": statistics.median(times), "p90_ms": times[int(len(times) * 0.9) - 1]}))


if __name__ == "__main__":
    main()
