"""The grids behind the book's explorable figures (one function per figure).

Each function returns a tidy DataFrame: one row per combination of the figure's control
values (times the x values where the x axis is not a control), with the controls, the
plotted numbers and the readout's pre-formatted text columns. Every number comes from a
call to the library, vectorised over the whole grid where the library allows; nothing here
is a formula. :func:`llmscale.explore.figure` turns a grid into the HTML bundle, and the
browser only selects rows of it. Each docstring states the grid's resolution, which the
figure's caption repeats.
"""

from .figures import (  # noqa: F401
    catch_up_figure,
    data_wall_figure,
    frontier_figure,
    kv_fit_figure,
    lifetime_cost_figure,
    measured_figure,
    roofline_figure,
    voting_figure,
)
from .grids import *  # noqa: F401,F403
