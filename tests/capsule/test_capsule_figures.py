"""The capsule chapter's figures show the model's numbers, with both encodings of taut/slack
and alt text."""

from __future__ import annotations

import numpy as np

from widgets import capsule_figures as cf
from widgets.model.capsule import CapsuleModel, laxity_levels


def test_ligament_view_draws_the_models_strains_with_two_channels(cap):
    """One posture: every ligament's line is coloured by its strain and styled by taut/slack,
    the bars give the strain, and the femur, the ring and the ligaments' femoral ends sit where
    the model puts them."""
    verts, faces = cf.femur_top_mesh()
    names = {i: cap.info(i)["short_name"] for i in cap.ids}
    pose = {"flexion": -25.0, "adduction": 0.0, "rotation": -30.0, "knee": 0.0}
    st = cf.ligament_state(cap, pose, verts)
    fig = cf.ligament_view(cap, st, names, faces)
    r = cap.evaluate(**pose)
    assert r.taut[0].any() and not r.taut[0].all(), "the posture must show both states"
    n = len(cap.ids)
    for j, lig in enumerate(cap.ids):
        t = fig.data[cf.FIRST_LIGAMENT_TRACE + j]
        assert t.name == f"ligament {lig}"
        taut = bool(r.taut[0, j])
        assert t.line.color == cf.strain_colour(100 * r.strain[0, j])
        assert (t.line.dash == "solid") == taut and t.line.width == (10 if taut else 6)
        assert ("taut" if taut else "slack") in t.text
        # the femoral end is the model's (scene units: 0.1 mm)
        end = cap.polylines(**pose)[lig][-1]
        np.testing.assert_allclose([t.x[-1], t.y[-1], t.z[-1]], end * cf.UNIT, atol=0.51)
    bar = fig.data[cf.bar_trace_index(n)]
    assert bar.type == "bar" and list(bar.y) == [names[i] for i in cap.ids]
    np.testing.assert_allclose(bar.x, [cf.bar_length(v) for v in 100 * r.strain[0]], atol=0.006)
    assert list(bar.marker.pattern.shape) == ["" if t else "/" for t in r.taut[0]]
    assert fig.data[cf.FEMUR_TRACE].name == "femur" and fig.data[cf.RING_TRACE].name == "zona orbicularis"
    R, o = cap.femur_transform(-25.0, 0.0, -30.0)
    np.testing.assert_allclose(np.c_[fig.data[1].x, fig.data[1].y, fig.data[1].z],
                               (cap.femur.transform(verts) @ R.T + o) * cf.UNIT, atol=0.51)
    np.testing.assert_allclose(np.c_[fig.data[2].x, fig.data[2].y, fig.data[2].z],
                               cap.zona_orbicularis(-25.0, 0.0, -30.0) * cf.UNIT, atol=0.51)
    # a colour bar explains the colours; the legend the line styles
    scale = [t for t in fig.data if t.name == "colour scale"][0]
    assert scale.marker.showscale and list(scale.marker.colorbar.ticktext) == cf.STRAIN_TICKS
    legend = {t.name: (t.line.width, t.line.dash) for t in fig.data if t.showlegend and t.name != "zona orbicularis"}
    assert sorted(legend.values()) == sorted(cf.LINE_STYLE.values())


def test_strain_colours_run_from_slack_blue_through_grey_to_taut_vermillion():
    assert cf.strain_colour(-100) == cf.strain_colour(-cf.STRAIN_LIMIT_PCT) == "#0072b2"
    assert cf.strain_colour(0) == "#9a9a9a"
    assert cf.strain_colour(100) == cf.strain_colour(cf.STRAIN_LIMIT_PCT) == "#d55e00"
    assert cf.state_word(0.0) == "slack" and cf.state_word(1e-9) == "taut"
    assert cf.bar_length(-90) == cf.BAR_RANGE[0] and cf.bar_length(5.5) == 5.5


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
    for make in (cf.make_rom_figure, cf.make_slack_zone_figure, cf.make_kneeling_figure):
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
