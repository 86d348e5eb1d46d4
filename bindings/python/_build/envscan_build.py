"""A PEP 517 build backend for the envscan package, standard library only.

The package is pure Python: a wheel is a zip of envscan/*.py with its
.dist-info (METADATA, WHEEL, RECORD); an sdist is a tar.gz of the files
this backend needs to build that wheel again. Being in the tree and
needing nothing else, it works without network access, where pip cannot
fetch setuptools or wheel into an isolated build environment.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

NAME = "envscan"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(HERE, NAME)
SUMMARY = "Environment variables, lint findings and secrets of a repository (libenvscan)"
# Zip and tar entries get this time, so that the same sources give the same
# archive bytes (1980-01-01, the earliest a zip can hold).
EPOCH = (1980, 1, 1, 0, 0, 0)


def _version():
    with open(os.path.join(PACKAGE, "__init__.py"), encoding="utf-8") as f:
        m = re.search(r'^__version__ = "([^"]+)"$', f.read(), re.M)
    if not m:
        raise RuntimeError("envscan/__init__.py has no __version__ line")
    return m.group(1)


def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {_version()}\n"
            f"Summary: {SUMMARY}\nRequires-Python: >=3.8\n"
            "Provides-Extra: pandas\nRequires-Dist: pandas; extra == \"pandas\"\n"
            "Description-Content-Type: text/plain\n\n"
            "Python bindings of libenvscan through ctypes. The shared library is not\n"
            "part of this package: build or install envscan, then point\n"
            "ENVSCAN_LIBRARY at libenvscan.so.0 or let the dynamic loader find it.\n")


def _sources():
    """The package's files, relative to HERE, sorted."""
    out = []
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith(".py") or name == "py.typed":
            out.append(f"{NAME}/{name}")
    return out


def _dist_info():
    return f"{NAME}-{_version()}.dist-info"


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info = os.path.join(metadata_directory, _dist_info())
    os.makedirs(info, exist_ok=True)
    with open(os.path.join(info, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata())
    return _dist_info()


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return f"{path},sha256={digest.decode()},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = f"{NAME}-{_version()}-py3-none-any.whl"
    info = _dist_info()
    entries = []
    for rel in _sources():
        with open(os.path.join(HERE, rel), "rb") as f:
            entries.append((rel, f.read()))
    entries.append((f"{info}/METADATA", _metadata().encode()))
    entries.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: envscan_build\n"
                                     b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    record = [_record_line(p, d) for p, d in entries] + [f"{info}/RECORD,,"]
    entries.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w",
                         zipfile.ZIP_DEFLATED) as z:
        for path, data in entries:
            zi = zipfile.ZipInfo(path, EPOCH)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    base = f"{NAME}-{_version()}"
    name = f"{base}.tar.gz"
    files = ["pyproject.toml", "_build/envscan_build.py"] + _sources()
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as t:
        for rel, data in [("PKG-INFO", _metadata().encode())] + \
                [(r, open(os.path.join(HERE, r), "rb").read()) for r in files]:
            ti = tarfile.TarInfo(f"{base}/{rel}")
            ti.size = len(data)
            ti.mode = 0o644
            ti.mtime = 315532800  # EPOCH, as a Unix time
            t.addfile(ti, io.BytesIO(data))
    return name
