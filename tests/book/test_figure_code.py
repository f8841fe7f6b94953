"""Unit tests for the book's figure code and the local Sphinx extension (no build needed)."""

from __future__ import annotations

import importlib.util

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import booksite
import widgets.figures as wf
from widgets import plotly_setup
from widgets.model import HipModel


def load_extension():
    spec = importlib.util.spec_from_file_location(
        "offline_assets", booksite.ROOT / "book" / "_ext" / "offline_assets.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def model():
    return HipModel()


def test_import_activates_course_renderer():
    assert pio.renderers.default == plotly_setup.RENDERER_NAME


def test_renderer_emits_plotly_json_and_html_without_plotlyjs():
    fig = wf.set_alt_text(go.Figure(go.Scatter(x=[0, 1], y=[1, 0])), 'a "quoted" <line>')
    bundle = fig._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    html = bundle["text/html"]
    assert 'class="plotly-graph-div"' in html and "Plotly.newPlot" in html
    assert "<script src=" not in html and "cdn.plot.ly" not in html  # plotly.js not embedded
    assert 'aria-label="a &quot;quoted&quot; &lt;line&gt;"' in html
    assert "height:450px" in html  # not a percentage that collapses in a page


def test_moment_arm_figure_matches_model(model):
    muscles = ["piriformis", "gluteus_medius_anterior"]
    fig = wf.make_moment_arm_figure(model, muscles, axis="rotation", initial="piriformis")
    assert [t.name for t in fig.data] == [model.muscle_info(m)["name"] for m in muscles]
    x = np.asarray(fig.data[0].x)
    r = model.evaluate(flexion=x, muscles=muscles)
    np.testing.assert_allclose(fig.data[0].y, r.ma_rot_m[:, 0] * 1000)
    np.testing.assert_allclose(fig.data[1].y, r.ma_rot_m[:, 1] * 1000)
    assert [t.visible for t in fig.data] == [True, False]
    # menu: "All muscles" then one entry per muscle, each switching precomputed traces
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["All muscles"] + [t.name for t in fig.data]
    assert buttons[2].args[0]["visible"] == [False, True]
    assert fig.layout.updatemenus[0].active == 1
    assert fig.layout.meta["alt"]


def test_second_channel_besides_colour(model):
    muscles = list(model.muscle_ids[:6])
    fig = wf.make_moment_arm_figure(model, muscles, axis="flexion")
    styles = {(t.line.dash, t.marker.symbol) for t in fig.data}
    assert len(styles) == len(muscles)
    assert all(t.line.color in wf.OKABE_ITO for t in fig.data)


@pytest.mark.parametrize("axis", sorted(wf.AXES))
def test_every_axis(model, axis):
    fig = wf.make_moment_arm_figure(model, "gluteus_maximus_superior", axis=axis)
    attr = wf.AXES[axis][0]
    y = getattr(model.evaluate(flexion=np.asarray(fig.data[0].x)), attr)
    j = model.muscle_ids.index("gluteus_maximus_superior")
    np.testing.assert_allclose(fig.data[0].y, y[:, j] * 1000)
    assert not fig.layout.updatemenus  # one muscle: no menu


def test_bad_arguments(model):
    with pytest.raises(ValueError):
        wf.make_moment_arm_figure(model, ["not_a_muscle"])
    with pytest.raises(ValueError):
        wf.make_moment_arm_figure(model, ["piriformis"], axis="sideways")
    with pytest.raises(ValueError):
        wf.make_moment_arm_figure(model, ["piriformis"], initial="psoas")


def test_package_hash_follows_code_and_data(tmp_path):
    ext = load_extension()
    pkg = tmp_path / "widgets"
    (pkg / "data").mkdir(parents=True)
    (pkg / "model").mkdir()
    (pkg / "model" / "hip.py").write_text("x = 1\n")
    (pkg / "data" / "muscles.csv").write_text("id\na\n")
    h0 = ext.package_hash(tmp_path)
    (pkg / "model" / "hip.py").write_text("x = 2\n")
    h1 = ext.package_hash(tmp_path)
    (pkg / "data" / "muscles.csv").write_text("id\nb\n")
    h2 = ext.package_hash(tmp_path)
    (pkg / "notes.txt").write_text("not code")
    h3 = ext.package_hash(tmp_path)
    assert len({h0, h1, h2}) == 3 and h3 == h2


def test_changed_package_clears_execution_cache(tmp_path):
    """End to end on a fake book: the cache survives a rebuild, but not a code change."""
    from types import SimpleNamespace

    ext = load_extension()
    (tmp_path / "widgets" / "data").mkdir(parents=True)
    code = tmp_path / "widgets" / "model.py"
    code.write_text("x = 1\n")
    out = tmp_path / "_build" / "html"
    cache = tmp_path / "_build" / ".jupyter_cache"
    app = SimpleNamespace(
        srcdir=str(tmp_path), outdir=str(out), doctreedir=str(tmp_path / "_build" / ".doctrees"),
        config=SimpleNamespace(nb_execution_cache_path=""),
    )

    def build():
        ext.check_package_hash(app)  # start of a build
        cache.mkdir(parents=True, exist_ok=True)  # notebooks executed and cached
        (cache / "global.db").write_text("cached outputs")
        ext.write_stamp(app, None)  # build finished
        return app.package_changed

    assert build() is True  # first build: no stamp, so any old cache is not trusted
    assert build() is False
    assert ext.check_package_hash(app) is None and app.package_changed is False
    assert (cache / "global.db").exists()  # unchanged package: cache kept
    code.write_text("x = 2\n")
    ext.check_package_hash(app)
    assert app.package_changed is True
    assert not cache.exists()  # changed package: cache cleared


def test_plotly_only_output_is_rendered_not_dropped():
    """If a figure reaches the build with only plotly JSON, the plugin still draws it."""
    ext = load_extension()

    class Data:
        mime_type = "application/vnd.plotly.v1+json"
        content = go.Figure(go.Bar(x=[1], y=[2])).to_plotly_json()

    nodes = ext.PlotlyMimeRenderer.handle_mime(None, Data(), False)
    assert nodes and 'class="plotly-graph-div"' in nodes[0].astext()
    Data.mime_type = "text/plain"
    assert ext.PlotlyMimeRenderer.handle_mime(None, Data(), False) is None
    # text/html (rank 30) wins over plotly JSON (35) on HTML builders
    ranks = dict((m, p) for b, m, p in ext.PlotlyMimeRenderer.mime_priority_overrides if b == "html")
    assert ranks["application/vnd.plotly.v1+json"] > 30
