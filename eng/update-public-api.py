#!/usr/bin/env python3
"""Adds every symbol the PublicApiAnalyzers report as undeclared (RS0016) to the project's PublicAPI.Unshipped.txt,
and removes the ones reported as no longer present (RS0017). Usage: eng/update-public-api.py src/PROJECT"""
import re, subprocess, sys, pathlib

project = pathlib.Path(sys.argv[1])
for _ in range(3):
    out = subprocess.run(["dotnet", "build", str(project), "--no-incremental", "-p:TreatWarningsAsErrors=false"],
                         capture_output=True, text=True).stdout
    added = sorted(set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", out)))
    removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but", out))
    unshipped = project / "PublicAPI.Unshipped.txt"
    if not added and not removed:
        # Normalise anyway: sorted, no duplicates (a union merge of two branches can leave both).
        lines = [l for l in unshipped.read_text().splitlines() if l]
        header = [l for l in lines if l.startswith("#")][:1]
        unshipped.write_text("\n".join(header + sorted(set(l for l in lines if not l.startswith("#")))) + "\n")
        break
    lines = [l for l in unshipped.read_text().splitlines() if l and l not in removed]
    header = [l for l in lines if l.startswith("#")]
    body = sorted(set(l for l in lines if not l.startswith("#")) | set(added))
    unshipped.write_text("\n".join(header + body) + "\n")
    print(f"{project}: +{len(added)} -{len(removed)}")
