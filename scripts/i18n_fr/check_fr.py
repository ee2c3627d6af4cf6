"""Check the French catalog against its msgids: forms, placeholders, tags, whitespace."""
import sys
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from poreader import po_parse, HTML_TAG, PLACEHOLDER
ROOT = HERE.parents[1]
h, fr = po_parse(ROOT / "src/writeathon/locale/fr/LC_MESSAGES/django.po")
_, es = po_parse(ROOT / "src/writeathon/locale/es/LC_MESSAGES/django.po")
assert [e.key for e in fr] == [e.key for e in es]
assert h["Language"] == "fr"
ph = lambda s: sorted(m.group(0) for m in PLACEHOLDER.finditer(s))
named = lambda s: {m.group(0) for m in PLACEHOLDER.finditer(s) if m.group("name") is not None}
import re
brace = lambda s: sorted(re.findall(r"\{\d*\}", s))
bad = 0
for e, s in zip(fr, es):
    if e.flags != s.flags: print("flags", e); bad += 1
    forms = [0, 1, 2] if e.msgid_plural is not None else [0]
    if sorted(e.msgstr) != forms: print("forms", e); bad += 1; continue
    srcs = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
    for k, t in e.msgstr.items():
        if not t.strip(): print("empty", e); bad += 1
        ref = srcs[0] if (e.msgid_plural is None or k == 0) else srcs[1]
        if e.msgid_plural is None:
            if ph(t) != ph(ref): print("ph", e, repr(t)); bad += 1
        else:
            allowed = set().union(*(named(x) for x in srcs))
            if not named(t) <= allowed: print("ph-unknown", e, repr(t)); bad += 1
            if k > 0 and named(t) != named(srcs[1]): print("ph-plural", e, repr(t)); bad += 1
            if k == 0 and named(t) != named(srcs[0]): print("note: singular differs", e, repr(t))
        if sorted(HTML_TAG.findall(t)) != sorted(HTML_TAG.findall(ref)): print("tags", e, repr(t)); bad += 1
        if brace(t) != brace(ref): print("brace", e); bad += 1
        for a, b in ((ref[:len(ref)-len(ref.lstrip())], t[:len(t)-len(t.lstrip())]), (ref[len(ref.rstrip()):], t[len(t.rstrip()):])):
            if a != b: print("whitespace", e, repr(t)); bad += 1
        if ref.count("\n") != t.count("\n"): print("newlines", e); bad += 1
        if "python-format" in e.flags:
            class D(dict):
                def __missing__(self, k): return 1
            try: t % D()
            except Exception as x: print("format", e, x); bad += 1
print(len(fr), "entries;", bad, "problems")
sys.exit(1 if bad else 0)
