"""Build the French catalog from the Spanish one (for its msgids) and fr_*.py (translations)."""
from __future__ import annotations
import importlib.util, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
from poreader import po_parse, HTML_TAG, PLACEHOLDER  # noqa: E402

ES = ROOT / "src/writeathon/locale/es/LC_MESSAGES/django.po"
FR = ROOT / "src/writeathon/locale/fr/LC_MESSAGES/django.po"
SMS = set(range(229, 238))  # text-message replies: no special spaces

T: dict[int, object] = {}
for f in sorted(HERE.glob("fr_*.py")):
    spec = importlib.util.spec_from_file_location(f.stem, f)
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
    for k in mod.T:
        assert k not in T, f"duplicate {k}"
    T.update(mod.T)

NBSP, NNBSP = "\u00a0", "\u202f"

def typo(s: str) -> str:
    s = re.sub(r" ([:])", NBSP + r"\1", s)
    s = re.sub(r" ([;!?])", NNBSP + r"\1", s)
    s = s.replace("« ", "«" + NBSP).replace(" »", NBSP + "»").replace(" %%", NBSP + "%%")
    s = re.sub(r"(\d) (\d{3})\b", r"\1" + NBSP + r"\2", s)
    return s

def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'

def blocks(text: str):
    return [b for b in re.split(r"\n\s*\n", text.strip("\n")) if b.strip()]

_, entries = po_parse(ES)
raw = blocks(ES.read_text(encoding="utf-8"))
header_raw, raw = raw[0], raw[1:]
assert len(raw) == len(entries), (len(raw), len(entries))
missing = [i for i in range(len(entries)) if i not in T]
extra = [k for k in T if k >= len(entries)]
if missing or extra:
    print("missing", len(missing), missing[:20], "extra", extra); sys.exit(1)

header = header_raw.replace("Spanish", "French").replace('"Language: es\\n"', '"Language: fr\\n"')
header = re.sub(r'"Plural-Forms: .*', r'"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n"', header)
header = re.sub(r'"PO-Revision-Date: .*', '"PO-Revision-Date: 2026-12-08 00:00+0000\\\\n"', header)
assert "Language: fr" in header and "French" in header

out = [header]
for i, (e, block) in enumerate(zip(entries, raw)):
    lines = [l for l in block.splitlines() if not l.startswith("#|")]
    cut = next(n for n, l in enumerate(lines) if l.startswith("msgstr"))
    head = lines[:cut]
    tr = T[i]
    if e.msgid_plural is None:
        assert isinstance(tr, str), i
        forms = [tr]
    else:
        assert isinstance(tr, list) and len(tr) == 3, i
        forms = tr
    if i not in SMS:
        forms = [typo(s) for s in forms]
    if e.msgid_plural is None:
        body = ["msgstr " + quote(forms[0])]
    else:
        body = [f"msgstr[{k}] " + quote(s) for k, s in enumerate(forms)]
    out.append("\n".join(head + body))
FR.parent.mkdir(parents=True, exist_ok=True)
FR.write_text("\n\n".join(out) + "\n", encoding="utf-8")
print("wrote", len(entries), "entries")
