"""Times covtrack.extract on a JSONL of records: python py_extract.py RECORDS.jsonl [THREADS]"""
import sys, time, threading
import pyarrow.json as pj
import covtrack
t = pj.read_json(sys.argv[1])
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
t0 = time.perf_counter()
if threads == 1:
    out = covtrack.extract(t, published="date")
    n = len(out["articles"])
else:
    parts = [t.slice(i * len(t) // threads, len(t) // threads + 1) for i in range(threads)]
    res = []
    ths = [threading.Thread(target=lambda p=p: res.append(covtrack.extract(p, published="date"))) for p in parts]
    [x.start() for x in ths]; [x.join() for x in ths]
    n = sum(len(r["articles"]) for r in res)
dt = time.perf_counter() - t0
print(f"threads={threads} articles={n} seconds={dt:.2f} articles/s={n/dt:.0f}")
