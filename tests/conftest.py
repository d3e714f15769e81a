"""Shared test set-up: the repository root on sys.path so `calculator` imports from source,
and scripts/ so the build's modules (`sitebuild`) import too."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
