"""Import of a 1.2 MB agent file (loop.af from ../shared/letta/agent-files grown with copies of its
messages) and export of the imported agent, 30 times each over one keep-alive connection, against a
fresh identity-server on a file database.

    python3 Benchmarks/agent_files.py .build/release/identity-server [PORT]
"""
import copy
from pathlib import Path

import json, statistics, subprocess, sys, time, http.client, os

def grown_loop(path: Path) -> bytes:
    document = json.loads(path.read_bytes())
    agent = document["agents"][0]
    originals, messages = agent["messages"], []
    while len(json.dumps(document)) < 1_200_000:
        for message in originals:
            grown = copy.deepcopy(message)
            grown["id"] = f"message-{len(messages)}"
            messages.append(grown)
        agent["messages"] = messages
    agent["in_context_message_ids"] = [m["id"] for m in messages[-50:]]
    return json.dumps(document).encode()


def find_loop() -> Path:
    for folder in [Path(__file__).resolve().parent, *Path(__file__).resolve().parents]:
        candidate = folder / "shared" / "letta" / "agent-files" / "loop.af"
        if candidate.is_file():
            return candidate
    raise SystemExit("../shared/letta/agent-files/loop.af not found")


binary, port = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 18430
db = f"/tmp/af-bench-{port}.db"
for suffix in ("", "-wal", "-shm"):
    try: os.remove(db + suffix)
    except FileNotFoundError: pass
server = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", str(port), "--db", db, "--no-access-log"], stderr=subprocess.DEVNULL)
try:
    time.sleep(1.5)
    data = grown_loop(find_loop())
    boundary = "benchboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"loop.af\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port)
    imports, exports, sizes = [], [], []
    for _ in range(30):
        t = time.perf_counter()
        conn.request("POST", "/v1/agents/import", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        r = conn.getresponse(); out = r.read(); imports.append(time.perf_counter() - t)
        assert r.status == 200, out
        agent = json.loads(out)["agent_ids"][0]
        t = time.perf_counter()
        conn.request("GET", f"/v1/agents/{agent}/export")
        r = conn.getresponse(); out = r.read(); exports.append(time.perf_counter() - t)
        assert r.status == 200
        sizes.append(len(out))
    q = lambda xs: f"median {statistics.median(xs)*1000:.1f} ms, min {min(xs)*1000:.1f} ms, max {max(xs)*1000:.1f} ms"
    print(f"upload {len(body)} bytes; import: {q(imports)}; export ({sizes[0]} bytes): {q(exports)}")
finally:
    server.terminate(); server.wait()
