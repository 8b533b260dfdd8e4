"""claimbase installs like a library: a wheel built from the project, installed (not editable)
into a new virtual environment, builds a knowledge base and serves its pages outside the
checkout, under claimbase's own name, with its rules inside the package."""
from __future__ import annotations

import json
import shutil
import site
import subprocess
import sys
import venv

import pytest

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A new environment with the wheel installed. The dependencies (spaCy, Datasette, ...)
    are borrowed from this environment's site-packages by a path line, which Python reads
    without running the editable install's import hook: `claimbase` can only come from the wheel."""
    where = tmp_path_factory.mktemp("install")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(where / "dist")],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr.lower(), built.stderr
    (wheel,) = (where / "dist").glob("claimbase-*.whl")
    environment = where / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                         capture_output=True, text=True, check=True).stdout.strip()
    with open(f"{own}/borrowed.pth", "w") as handle:
        handle.write("\n".join(p for p in site.getsitepackages()) + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           "-q", str(wheel)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    work = where / "elsewhere"
    work.mkdir()
    shutil.copytree(ROOT / "seeds", work / "seeds")
    return environment, work


def run(environment, work, *args):
    return subprocess.run([str(environment / "bin" / "claimbase"), *args], cwd=work, capture_output=True, text=True,
                          timeout=300)


def test_the_wheel_installs_claimbase_under_its_own_name_with_its_rules(installed):
    environment, work = installed
    probe = ("import claimbase, claimbase.schema, importlib.util, json; "
             "from claimbase.engines.resources import DATA_DIR; "
             "print(json.dumps([claimbase.__file__, str(DATA_DIR), sorted(p.name for p in DATA_DIR.glob('*.yml')), "
             "importlib.util.find_spec('extract') is None, importlib.util.find_spec('schema') is None]))")
    found = subprocess.run([str(environment / "bin" / "python"), "-c", probe], cwd=work, capture_output=True,
                           text=True, check=True)
    location, data_dir, rules, no_extract, no_schema = json.loads(found.stdout)
    assert location.startswith(str(environment)) and data_dir.startswith(str(environment))
    assert {"benchmarks.yml", "metrics.yml", "numbers.yml", "units.yml"} <= set(rules)
    assert no_extract and no_schema  # no generic top-level names taken


def test_the_installed_command_builds_a_knowledge_base_where_the_user_is(installed):
    environment, work = installed
    built = run(environment, work, "build", "--quiet")
    assert built.returncode == 0, built.stderr
    assert (work / "claims.db").exists()
    stats = run(environment, work, "stats")
    assert "papers: 303" in stats.stdout and "claims: " in stats.stdout


def test_the_installed_plugin_serves_any_database_file_name(installed):
    environment, work = installed
    assert run(environment, work, "build", "--quiet", "--db", "mine.db").returncode == 0
    probe = ("import asyncio, json; from datasette.app import Datasette\n"
             "ds = Datasette(immutables=['mine.db'])\n"
             "async def main():\n"
             "    await ds.invoke_startup()\n"
             "    q = await ds.client.get('/mine/papers_by_author.json?author=Hinton&_shape=array')\n"
             "    c = await ds.client.get('/-/compare')\n"
             "    m = await ds.client.get('/mine/claims/1')\n"
             "    print(json.dumps([q.status_code, c.status_code, 'Compare benchmarks' in c.text, m.status_code, 'Evidence' in m.text]))\n"
             "asyncio.run(main())\n")
    found = subprocess.run([str(environment / "bin" / "python"), "-c", probe], cwd=work, capture_output=True,
                           text=True)
    assert found.returncode == 0, found.stderr[-2000:]
    assert json.loads(found.stdout.strip().splitlines()[-1]) == [200, 200, True, 200, True]
