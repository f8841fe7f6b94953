"""The capsule chapter's figures show the model's numbers, with both encodings of taut/slack,
alt text, and a size fit for a web page."""

from __future__ import annotations

import numpy as np
import plotly.io as pio
import pytest

from widgets import capsule_figures as cf
from widgets.model.capsule import CapsuleModel, laxity_levels


@pytest.fixture(scope="module")
def lig_fig(hip):
    return cf.make_ligament_figure(hip)


def test_ligament_figure_frames_are_the_models_strains(lig_fig, cap, report):
    poses = cf.sweep_poses()
    assert len(lig_fig.frames) == len(poses)
    n = len(cap.ids)
    bar = cf.bar_trace_index(n)
    for k in (0, 20, len(poses) - 1):
        frame = lig_fig.frames[k]
        assert list(frame.traces) == [cf.FEMUR_TRACE, cf.RING_TRACE,
                                      *range(cf.FIRST_LIGAMENT_TRACE, cf.FIRST_LIGAMENT_TRACE + n), bar]
        strains = np.asarray(frame.data[-1].x, float)
        ref = 100 * cap.evaluate(**poses[k][1]).strain[0]
        np.testing.assert_allclose(strains, ref, atol=0.006)
        for j in range(n):
            line = frame.data[2 + j].line
            taut = ref[j] > 0
            assert (line.color == cf.TAUT) == taut and (line.dash == "solid") == taut
            assert line.width == (10 if taut else 6), "width is a second channel"
    html = pio.to_html(lig_fig, include_plotlyjs=False, full_html=False)
    report(f"capsule: ligament figure {len(poses)} postures, {len(html) / 1024:.0f} KB of HTML")
    assert len(html) < 1_200_000


def test_ligament_figure_buttons_start_each_movement(lig_fig):
    menu = lig_fig.layout.updatemenus[0]
    labels = [b.label for b in menu.buttons]
    assert labels == [s[0] for s in cf.SWEEPS] + [cf.KNEELING_LABEL]
    poses = cf.sweep_poses()
    for b in menu.buttons:
        k = int(b.args[0][0][1:])
        label, pose = poses[k]
        assert label == b.label
    steps = lig_fig.layout.sliders[0].steps
    assert len(steps) == len(poses) and all(s.method == "animate" for s in steps)


def test_ligament_figure_moves_the_femur_and_the_bone_attachments(lig_fig, cap):
    """The femur mesh and the ligament ends move together from frame to frame."""
    a, b = lig_fig.frames[0], lig_fig.frames[-1]
    assert not np.array_equal(np.asarray(a.data[0].x), np.asarray(b.data[0].x))
    # the pelvic end of every ligament stays put
    for j in range(len(cap.ids)):
        assert a.data[2 + j].x[0] == b.data[2 + j].x[0]


def test_rom_figure_steps_carry_the_models_ranges(hip):
    fig = cf.make_rom_figure(hip)
    values = cf.laxity_steps()
    steps = fig.layout.sliders[0].steps
    assert len(steps) == len(values)
    for v, step in zip(values, steps):
        xs = step.args[0]["x"][0]
        table = cf.rom_table(hip, v)
        assert xs == [round(r["range_deg"], 1) for r in table]
    levels = laxity_levels()
    labels = [s.label for s in steps]
    for name in levels:
        assert any(f"({name})" in lab for lab in labels)
    assert fig.layout.sliders[0].active == values.index(1.0)


def test_every_figure_has_alt_text_and_a_second_channel(hip):
    for make in (cf.make_ligament_figure, cf.make_rom_figure, cf.make_slack_zone_figure,
                 cf.make_kneeling_figure):
        fig = make(hip)
        assert len(fig.layout.meta["alt"]) > 100, make.__name__
    zone = cf.make_slack_zone_figure(hip)
    dashes = {t.line.dash for t in zone.data if t.mode == "lines" and t.showlegend}
    assert dashes == {"solid", "dash", "dot"}
    kneel = cf.make_kneeling_figure(hip)
    assert {t.marker.pattern.shape for t in kneel.data} == {"", "/"}


def test_kneeling_figure_is_the_models_numbers(hip):
    from widgets import capsule as topic

    fig = cf.make_kneeling_figure(hip)
    k = topic.kneeling_loads(hip)
    cap = CapsuleModel()
    end = fig.data[2]     # end position, ligaments
    assert list(end.x) == [round(k["strain_pct"][i][1], 1) for i in cap.ids]
