"""Kernel-free plotly figures for the book.

Every function here takes a model, computes everything it needs at build time, and
returns a plain :class:`plotly.graph_objects.Figure`. Buttons and sliders only switch
between precomputed states, so the figures keep working on a static web page with no
Python kernel. (Live, recomputing versions belong in ``widgets.explorers``.)

Importing this module activates the course's plotly renderer
(:mod:`widgets.plotly_setup`), which makes figures visible in the built book.

Conventions (see the "How to read the model" chapter):

- angles in degrees; hip flexion, adduction and internal rotation positive; knee flexion
  positive;
- moment arm = -dL/dtheta, shown in mm; positive = flexor / adductor / internal rotator
  (knee: flexor);
- colour is never the only channel: every muscle also has its own dash pattern and
  marker, and signs are written on the axes.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import plotly.graph_objects as go

from . import plotly_setup

plotly_setup.activate()

__all__ = [
    "OKABE_ITO",
    "AXES",
    "make_moment_arm_figure",
    "set_alt_text",
]

#: Okabe & Ito colour-blind-safe palette (yellow left out: too pale on white).
OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "triangle-down", "star")

#: axis name -> (result attribute, positive meaning, negative meaning, joint, label, short title)
AXES = {
    "flexion": ("ma_flex_m", "flexor", "extensor", "hip", "flexion–extension", "Hip flexion"),
    "adduction": ("ma_add_m", "adductor", "abductor", "hip", "adduction–abduction", "Hip adduction"),
    "rotation": ("ma_rot_m", "internal rotator", "external rotator", "hip", "internal–external rotation", "Hip rotation"),
    "knee": ("ma_knee_m", "knee flexor", "knee extensor", "knee", "knee flexion–extension", "Knee flexion"),
}

FONT = dict(family="Arial, Helvetica, sans-serif", size=14, color="#222222")


def set_alt_text(fig: go.Figure, alt: str) -> go.Figure:
    """Attach a text description to a figure.

    The course renderer puts it on the figure's container as ``aria-label`` so screen
    readers announce it; the book tests check that every figure has one.
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    meta["alt"] = alt
    fig.update_layout(meta=meta)
    return fig


def _style(i: int) -> dict:
    return dict(
        line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], dash=DASHES[i % len(DASHES)], width=3),
        marker=dict(symbol=MARKERS[i % len(MARKERS)], size=8, color=OKABE_ITO[i % len(OKABE_ITO)]),
    )


def make_moment_arm_figure(
    model,
    muscles: Sequence[str] | str,
    axis: str = "rotation",
    flexion: Iterable[float] | None = None,
    *,
    adduction: float = 0.0,
    rotation: float = 0.0,
    knee: float = 0.0,
    initial: str | None = None,
    height: int = 520,
) -> go.Figure:
    """Moment arm of some muscles about one axis, against hip flexion.

    Parameters
    ----------
    model : widgets.model.HipModel
    muscles : muscle ids (one or more) from ``model.muscle_ids``.
    axis : "flexion", "adduction", "rotation" (hip) or "knee".
    flexion : hip flexion angles in degrees for the x axis (default 0..120 by 5).
    adduction, rotation, knee : the other joint angles, held fixed (degrees).
    initial : muscle id shown first; ``None`` shows all muscles together.

    A drop-down menu above the plot shows one muscle at a time or all of them; it switches
    precomputed traces, so the figure works without a kernel.
    """
    if axis not in AXES:
        raise ValueError(f"axis must be one of {sorted(AXES)}, not {axis!r}")
    if isinstance(muscles, str):
        muscles = [muscles]
    muscles = list(muscles)
    unknown = [m for m in muscles if m not in model.muscle_ids]
    if unknown:
        raise ValueError(f"unknown muscle id(s): {unknown}")
    if initial is not None and initial not in muscles:
        raise ValueError(f"initial={initial!r} is not among the plotted muscles")

    attr, pos, neg, joint, label, short = AXES[axis]
    x = np.arange(0.0, 120.0 + 1e-9, 5.0) if flexion is None else np.asarray(list(flexion), float)
    res = model.evaluate(flexion=x, adduction=adduction, rotation=rotation, knee=knee)
    ma_mm = np.asarray(getattr(res, attr)) * 1000.0  # (n_poses, n_muscles) in mm
    ids = list(res.muscle_ids)

    names = [model.muscle_info(m)["name"] for m in muscles]
    fig = go.Figure()
    for i, (mid, name) in enumerate(zip(muscles, names)):
        y = ma_mm[:, ids.index(mid)]
        words = np.where(y >= 0, pos, neg)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                name=name,
                mode="lines+markers",
                customdata=words,
                hovertemplate=(
                    f"<b>{name}</b><br>hip flexion %{{x:.0f}}°<br>"
                    "moment arm %{y:.1f} mm<br>(%{customdata})<extra></extra>"
                ),
                visible=True if initial in (None, mid) else False,
                **_style(i),
            )
        )

    # Buttons: one per muscle, plus "all" when there is more than one.
    n = len(muscles)
    buttons = []
    if n > 1:
        buttons.append(
            dict(label="All muscles", method="restyle", args=[{"visible": [True] * n}])
        )
    for i, name in enumerate(names):
        buttons.append(
            dict(
                label=name,
                method="restyle",
                args=[{"visible": [j == i for j in range(n)]}],
            )
        )
    active = 0 if initial is None else muscles.index(initial) + (1 if n > 1 else 0)

    ymax = float(np.nanmax(np.abs(ma_mm[:, [ids.index(m) for m in muscles]])))
    ylim = max(10.0, 1.3 * ymax)
    fixed = f"add. {adduction:g}°, rot. {rotation:g}°, knee {knee:g}°"

    fig.update_layout(
        height=height,
        template="simple_white",
        font=FONT,
        margin=dict(l=80, r=30, t=125, b=130),
        hovermode="closest",
        showlegend=True,
        legend=dict(orientation="h", yanchor="top", y=-0.3, x=0, title_text=""),
        title=dict(
            # short enough for a phone screen; the caption on the page says the rest
            text=f"{short} moment arm<br><sup>this model; {fixed}</sup>",
            x=0.01,
            xanchor="left",
            yref="container",
            y=0.96,
            yanchor="top",
        ),
        xaxis=dict(title="hip flexion (°)", range=[float(x.min()) - 3, float(x.max()) + 3], dtick=15),
        yaxis=dict(
            title=f"moment arm (mm)<br><sup>+ {pos} · − {neg}</sup>",
            range=[-ylim, ylim],
            zeroline=True,
            zerolinewidth=2,
            zerolinecolor="#444444",
        ),
        updatemenus=[
            dict(
                # A drop-down fits narrow screens; it switches precomputed traces.
                type="dropdown",
                direction="down",
                buttons=buttons,
                active=active,
                x=0,
                xanchor="left",
                y=1.03,
                yanchor="bottom",
                pad=dict(t=2, b=2),
                showactive=True,
                bgcolor="#f2f2f2",
                bordercolor="#555555",
                font=dict(size=13),
            )
        ]
        if n > 1
        else [],
        annotations=[
            dict(
                text=f"▲ {pos}",
                xref="paper", yref="paper", x=1.0, y=0.98, xanchor="right", showarrow=False,
                font=dict(size=12, color="#222222"),
            ),
            dict(
                text=f"▼ {neg}",
                xref="paper", yref="paper", x=1.0, y=0.02, xanchor="right", showarrow=False,
                font=dict(size=12, color="#222222"),
            ),
        ],
    )
    set_alt_text(
        fig,
        f"Line chart of the {label} moment arm (mm) of "
        + ", ".join(names)
        + f" against hip flexion from {x.min():g} to {x.max():g} degrees in this model. "
        f"Values above zero mean the muscle acts as {pos}, below zero as {neg}.",
    )
    return fig
