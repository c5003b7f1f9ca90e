#!/usr/bin/env bash
# Usage: bench/make-pdfs.sh OUT_DIR COUNT [BASE_PDF]  (writes COUNT distinct PDFs and OUT_DIR/list.txt)
#
# Each copy is BASE_PDF followed by one PDF comment line "%tradeseal-bench-<n>" after its
# final %%EOF, so every copy is still a valid PDF with the same pages but its own SHA-256.
# BASE_PDF defaults to a 206,209-byte scanned 6-page PDF with an OCR text layer from the test corpus.
set -euo pipefail

out_dir=${1:?usage: make-pdfs.sh OUT_DIR COUNT [BASE_PDF]}
count=${2:?usage: make-pdfs.sh OUT_DIR COUNT [BASE_PDF]}
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${TRADESEAL_CORPUS_DIR:-$root/../shared/corpus}
base=${3:-$corpus/pdf/valid/scanned-ocr-jbig2-jpx-luradocument.pdf}

if [[ ! -f $base ]]; then
    echo "base PDF not found at $base: set TRADESEAL_CORPUS_DIR or pass BASE_PDF" >&2
    exit 1
fi

mkdir -p "$out_dir"
python3 - "$base" "$out_dir" "$count" <<'PY'
import pathlib
import sys

base = pathlib.Path(sys.argv[1]).read_bytes()
out_dir = pathlib.Path(sys.argv[2])
count = int(sys.argv[3])
if not base.rstrip().endswith(b"%%EOF"):
    sys.exit(f"{sys.argv[1]} does not end with %%EOF, so a comment after it would not be valid")

separator = b"" if base.endswith(b"\n") else b"\n"
paths = []
for n in range(count):
    path = out_dir / f"{n:06}.pdf"
    path.write_bytes(base + separator + b"%%tradeseal-bench-%d\n" % n)
    paths.append(str(path.resolve()))
(out_dir / "list.txt").write_text("\n".join(paths) + "\n")
PY
echo "wrote $count PDFs and $out_dir/list.txt"
