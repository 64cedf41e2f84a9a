"""Starts a Jupyter kernel through Jupyter's own client (jupyter_client) and talks to it.

Run by nnworkshop.notebook.KernelCheck with Jupyter's Python; JUPYTER_PATH and JUPYTER_RUNTIME_DIR
come from the caller. Two modes, each printing JSON on stdout:

  starts KERNEL N TIMEOUT   N fresh starts, one JSON line each: ok, ready_s (start to kernel_info
                            reply), cell_s (the cell `1 + 1` to its reply), error
  cells KERNEL TIMEOUT      one start, then the cells read as JSON from stdin ([{"code": ...,
                            "interrupt_after": seconds}]); one JSON object: ready_s and, per cell,
                            its execute_reply content and its iopub messages

The kernel's stderr goes to a file in the runtime folder; a failed start reports its last lines
(never one holding the connection key).
"""
import json
import os
import sys
import threading
import time

from jupyter_client import KernelManager


def kernel_log_tail(path, lines=3):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = [l.rstrip() for l in f if l.strip() and "key" not in l.lower()]
        return text[-lines:]
    except OSError:
        return []


def start(kernel, timeout, log_path):
    km = KernelManager(kernel_name=kernel)
    log = open(log_path, "w")
    t0 = time.monotonic()
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    return km, kc, log, t0


def stop(km, kc, log, graceful):
    try:
        kc.stop_channels()
    finally:
        try:
            km.shutdown_kernel(now=not graceful)
        finally:
            log.close()


def run_cell(km, kc, code, timeout, interrupt_after=None):
    outputs = []
    timer = None
    if interrupt_after is not None:
        timer = threading.Timer(interrupt_after, km.interrupt_kernel)
        timer.start()
    t0 = time.monotonic()
    try:
        reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: outputs.append(
            {"msg_type": m["msg_type"], "content": m["content"]}), allow_stdin=False)
    finally:
        if timer is not None:
            timer.cancel()
    return {"reply": reply["content"], "outputs": outputs, "seconds": time.monotonic() - t0}


def starts(kernel, n, timeout):
    runtime = os.environ.get("JUPYTER_RUNTIME_DIR", ".")
    for i in range(n):
        log_path = os.path.join(runtime, "kernel-%d.log" % i)
        record = {"start": i + 1, "ok": False}
        km = kc = log = None
        try:
            km, kc, log, t0 = start(kernel, timeout, log_path)
            kc.wait_for_ready(timeout=timeout)
            record["ready_s"] = time.monotonic() - t0
            cell = run_cell(km, kc, "1 + 1", timeout)
            record["cell_s"] = cell["seconds"]
            # the value in any form (text/plain here; the previous kernel answered in text/html)
            results = [v for o in cell["outputs"] if o["msg_type"] == "execute_result" for v in o["content"]["data"].values()]
            if cell["reply"].get("status") != "ok" or not any(isinstance(v, str) and v.strip() == "2" for v in results):
                record["error"] = "the cell `1 + 1` gave %s (status %s)" % (results, cell["reply"].get("status"))
            else:
                record["ok"] = True
        except Exception as e:  # noqa: BLE001 - every failure is a failed start, described
            record["error"] = "%s: %s" % (type(e).__name__, e)
        finally:
            if km is not None:
                try:
                    stop(km, kc, log, graceful=record["ok"])
                except Exception as e:  # noqa: BLE001
                    record.setdefault("error", "shutdown: %s" % e)
        if not record["ok"]:
            record["kernel_log"] = kernel_log_tail(log_path)
        try:
            os.remove(log_path)
        except OSError:
            pass
        print(json.dumps(record), flush=True)


def cells(kernel, timeout):
    spec = json.load(sys.stdin)
    runtime = os.environ.get("JUPYTER_RUNTIME_DIR", ".")
    log_path = os.path.join(runtime, "kernel.log")
    km, kc, log, t0 = start(kernel, timeout, log_path)
    out = {}
    try:
        kc.wait_for_ready(timeout=timeout)
        out["ready_s"] = time.monotonic() - t0
        out["cells"] = [run_cell(km, kc, c["code"], timeout, c.get("interrupt_after")) for c in spec]
        out["alive"] = km.is_alive()
    except Exception as e:  # noqa: BLE001
        out["error"] = "%s: %s" % (type(e).__name__, e)
        out["kernel_log"] = kernel_log_tail(log_path, 20)
    finally:
        stop(km, kc, log, graceful=True)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "starts":
        starts(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "cells":
        cells(sys.argv[2], float(sys.argv[3]))
    else:
        sys.exit("unknown mode " + mode)
