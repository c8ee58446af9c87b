"""Chart inputs that the oracle table cannot cover: files Helm would fetch, archives that escape, special files."""

from __future__ import annotations

import io
import os
import tarfile

import pytest

from kubeship.errors import InputError
from kubeship.render import RenderRequest, is_chart, load_chart, render_service

CHART_YAML = b"apiVersion: v2\nname: web\nversion: 0.1.0\n"


def write_chart(root, files):
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def archive(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_remote_schema_reference_is_not_fetched(tmp_path):
    schema = b'{"type": "object", "properties": {"a": {"$ref": "https://schemas.example.com/a.json"}}}'
    chart = write_chart(tmp_path / "chart", {"Chart.yaml": CHART_YAML, "values.yaml": b"a: 1\n",
                                             "values.schema.json": schema})
    with pytest.raises(InputError) as raised:
        render_service(RenderRequest(service_dir=chart))
    assert "cannot resolve the reference 'https://schemas.example.com/a.json'" in raised.value.message
    assert raised.value.position.path.endswith("values.schema.json")


def test_invalid_schema_json_has_a_position(tmp_path):
    chart = write_chart(tmp_path / "chart", {"Chart.yaml": CHART_YAML, "values.schema.json": b'{\n  "type": }'})
    with pytest.raises(InputError) as raised:
        render_service(RenderRequest(service_dir=chart))
    assert raised.value.message.startswith("invalid JSON:")
    assert raised.value.position.line == 2


def test_archive_path_outside_chart_is_rejected(tmp_path):
    path = tmp_path / "web.tgz"
    path.write_bytes(archive({"web/Chart.yaml": CHART_YAML, "web/../../escape.txt": b"x"}))
    with pytest.raises(InputError) as raised:
        load_chart(path)
    assert raised.value.message == "chart illegally references parent directory"


def test_archive_that_is_not_gzip_is_rejected(tmp_path):
    path = tmp_path / "web.tgz"
    path.write_bytes(b"apiVersion: v2\n")
    with pytest.raises(InputError) as raised:
        load_chart(path)
    assert "does not appear to be a gzipped archive" in raised.value.message


def test_archive_chart_is_detected(tmp_path):
    path = tmp_path / "web-0.1.0.tgz"
    path.write_bytes(archive({"web/Chart.yaml": CHART_YAML}))
    assert is_chart(path)
    assert load_chart(path).name == "web"
    assert not is_chart(tmp_path)


def test_fifo_in_chart_is_rejected(tmp_path):
    chart = write_chart(tmp_path / "chart", {"Chart.yaml": CHART_YAML})
    os.mkfifo(chart / "pipe")
    with pytest.raises(InputError) as raised:
        load_chart(chart)
    assert "irregular file" in raised.value.message
    assert raised.value.position.path.endswith("pipe")


def test_helmignore_can_skip_a_fifo(tmp_path):
    chart = write_chart(tmp_path / "chart", {"Chart.yaml": CHART_YAML, ".helmignore": b"pipe\n"})
    os.mkfifo(chart / "pipe")
    assert [f.name for f in load_chart(chart).files] == [".helmignore"]
