"""Measure a GPU against chapter 04's roofline (needs PyTorch and one CUDA GPU, an H100 or H200).

Status: written for chapter 04 in a session without an accelerator. It has **not been run**,
and ``data/hardware_measured.csv`` does not exist yet. Only the prediction side
(:func:`predict`, :func:`rows_for`) is tested, on CPU (tests/test_roofline.py).

Usage, on the GPU machine (about two minutes; PyTorch is not in requirements.lock)::

    python benchmarks/measure_hardware.py --hardware "H100 SXM"          # or "H200"
    python benchmarks/measure_hardware.py --hardware H200 --predict-only # no GPU needed

It measures, each as the median of ``--repeats`` CUDA-event timings after a warm-up:

1. achievable HBM bandwidth: a device-to-device copy of a 4 GiB buffer (bytes read plus
   bytes written, over the time);
2. dense BF16 matmul FLOP/s: an 8192 x 8192 x 8192 product (``2·n³`` FLOP over the time);
3. one decode step of a random-weight model shaped like Llama 3.1 8B (all 32 layers,
   the embedding and the LM head, BF16 weights and BF16 KV cache, grouped-query attention
   written as two batched matmuls over the cache; RoPE left out, it is elementwise), at
   batches 1, 8, 32 and 64 over 2,048 tokens of context, replayed from a CUDA graph so
   that kernel launches do not count.

Each decode time is written next to two predictions of ``llmscale.roofline.decode_step_time_s``
(one GPU, BF16 maths, roofline max): at the datasheet peaks of ``data/hardware.csv``
(efficiencies 1), and at the bandwidth and FLOP/s measured in 1 and 2. Rows are appended to
``data/hardware_measured.csv`` with the date, device name, this script's path and the
PyTorch, CUDA and driver versions. The roofline counts the whole embedding table as read
(about 1 GB of BF16 for this shape); the step gathers only one row per stream, so the
prediction is a few per cent high at small batches.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

from llmscale import catalog, roofline
from llmscale.serving_options import BF16, IDEAL, Efficiency

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "benchmarks/measure_hardware.py"
MODEL = "Llama 3.1 8B"
BATCHES = (1, 8, 32, 64)
SEQ_LEN = 2048
COPY_BYTES = 4 * 2**30
MATMUL_N = 8192
COLUMNS = ["date", "device", "hardware", "script", "torch", "cuda", "driver", "quantity", "model", "batch",
           "seq_len", "measured", "predicted_datasheet", "predicted_measured_peaks", "unit", "notes"]


def predict(hardware, batches=BATCHES, seq_len=SEQ_LEN, efficiency=IDEAL, model=MODEL):
    """Roofline decode-step time of the measured stack: one GPU, BF16 weights, KV cache and maths.

    ``llmscale.roofline.decode_step_time_s`` with ``n_gpus=1``; units: seconds, one per batch.
    """
    return np.asarray(roofline.decode_step_time_s(model, hardware, 1, np.asarray(batches, dtype=float), seq_len,
                                                  precision=BF16, efficiency=efficiency), dtype=float)


def rows_for(hardware, bandwidth_bytes_per_s, matmul_flop_per_s, decode_s, meta):
    """CSV rows (dicts with :data:`COLUMNS`) for one run's three measurements.

    ``decode_s`` maps batch to measured seconds per decode step. Efficiencies
    for the second prediction are the measured rates over the datasheet peaks,
    capped at 1.
    """
    h = catalog.hardware(hardware)
    eff = min(bandwidth_bytes_per_s / h.hbm_bandwidth_bytes_per_s, 1.0)
    mfu = min(matmul_flop_per_s / h.bf16_dense_flop_per_s, 1.0)
    base = dict(meta, hardware=h.name, script=SCRIPT)
    out = [dict(base, quantity="hbm_copy_bandwidth", model="", batch="", seq_len="", measured=bandwidth_bytes_per_s,
                predicted_datasheet=h.hbm_bandwidth_bytes_per_s, predicted_measured_peaks="", unit="bytes/s",
                notes=f"device-to-device copy of {COPY_BYTES} bytes; read plus write counted"),
           dict(base, quantity="bf16_matmul", model="", batch="", seq_len="", measured=matmul_flop_per_s,
                predicted_datasheet=h.bf16_dense_flop_per_s, predicted_measured_peaks="", unit="FLOP/s",
                notes=f"{MATMUL_N}^3 BF16 matmul, 2n^3 FLOP")]
    batches = sorted(decode_s)
    ideal = predict(h.name, batches)
    fitted = predict(h.name, batches, efficiency=Efficiency(bandwidth=eff, mfu=mfu))
    for b, p0, p1 in zip(batches, ideal, fitted):
        out.append(dict(base, quantity="decode_step", model=MODEL, batch=b, seq_len=SEQ_LEN, measured=decode_s[b],
                        predicted_datasheet=float(p0), predicted_measured_peaks=float(p1), unit="s",
                        notes="random weights, BF16, CUDA graph replay; RoPE omitted"))
    return out


# --- the measurements (PyTorch, CUDA) --------------------------------------------------

def _time(torch, fn, repeats):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        torch.cuda.synchronize()
        times.append(a.elapsed_time(b) / 1e3)
    return statistics.median(times)


def measure_bandwidth(torch, repeats):
    src = torch.empty(COPY_BYTES, dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    t = _time(torch, lambda: dst.copy_(src), repeats)
    return 2 * COPY_BYTES / t


def measure_matmul(torch, repeats):
    a = torch.randn(MATMUL_N, MATMUL_N, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(MATMUL_N, MATMUL_N, device="cuda", dtype=torch.bfloat16)
    t = _time(torch, lambda: a @ b, repeats)
    return 2 * MATMUL_N**3 / t


def measure_decode(torch, batch, repeats):
    torch.cuda.empty_cache()               # release the previous batch's weights and cache
    m = catalog.model(MODEL)
    d, nh, nkv, hd, ff, vocab = m.d_model, m.n_heads, m.n_kv_heads, m.head_dim, m.d_ff, m.vocab_size
    g, dev, bf = nh // nkv, "cuda", torch.bfloat16

    def w(*shape):
        return torch.randn(*shape, device=dev, dtype=bf) * 0.02

    layers = [dict(q=w(d, nh * hd), k=w(d, nkv * hd), v=w(d, nkv * hd), o=w(nh * hd, d), gate=w(d, ff),
                   up=w(d, ff), down=w(ff, d), kc=w(batch, nkv, SEQ_LEN, hd), vc=w(batch, nkv, SEQ_LEN, hd))
              for _ in range(m.n_layers)]
    emb, head = w(vocab, d), w(d, vocab)
    tok = torch.zeros(batch, dtype=torch.long, device=dev)

    def norm(x):
        return x * torch.rsqrt(x.float().pow(2).mean(-1, keepdim=True) + 1e-5).to(bf)

    def step():
        x = emb[tok]
        for p in layers:
            y = norm(x)
            q = (y @ p["q"]).view(batch, nkv, g, hd)
            p["kc"][:, :, -1].copy_((y @ p["k"]).view(batch, nkv, hd))    # the new token's key and value
            p["vc"][:, :, -1].copy_((y @ p["v"]).view(batch, nkv, hd))
            s = torch.softmax((q @ p["kc"].transpose(-1, -2)).float() * hd**-0.5, dim=-1).to(bf)
            x = x + (s @ p["vc"]).reshape(batch, nh * hd) @ p["o"]
            y = norm(x)
            x = x + (torch.nn.functional.silu(y @ p["gate"]) * (y @ p["up"])) @ p["down"]
        return norm(x) @ head

    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for _ in range(3):
            step()
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        step()
    return _time(torch, graph.replay, repeats)


def _meta(torch):
    try:
        driver = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                                capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        driver = ""
    return {"date": dt.date.today().isoformat(), "device": torch.cuda.get_device_name(0),
            "torch": torch.__version__, "cuda": torch.version.cuda or "", "driver": driver}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hardware", required=True, help='the data/hardware.csv row of this GPU, e.g. "H100 SXM"')
    ap.add_argument("--out", default=str(ROOT / "data" / "hardware_measured.csv"))
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--predict-only", action="store_true", help="print the datasheet predictions; no GPU needed")
    a = ap.parse_args(argv)
    hw = catalog.hardware(a.hardware).name
    if a.predict_only:
        for b, t in zip(BATCHES, predict(hw)):
            print(f"{MODEL} on one {hw}, batch {b}, {SEQ_LEN} tokens: {t * 1e3:.2f} ms per step (datasheet peaks)")
        return 0
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: nothing measured (use --predict-only for the predictions)",
              file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("no CUDA device: nothing measured (use --predict-only for the predictions)", file=sys.stderr)
        return 2
    bw = measure_bandwidth(torch, a.repeats)
    fl = measure_matmul(torch, a.repeats)
    dec = {b: measure_decode(torch, b, a.repeats) for b in BATCHES}
    rows = rows_for(hw, bw, fl, dec, _meta(torch))
    out = Path(a.out)
    new = not out.exists()
    with out.open("a", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=COLUMNS)
        if new:
            wr.writeheader()
        wr.writerows(rows)
    for r in rows:
        print(r["quantity"], r["batch"], f"{r['measured']:.4g}", f"{r['predicted_datasheet']:.4g}", r["unit"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
