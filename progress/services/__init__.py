"""Write services of monthly progress (keyword-only, atomic, audited). Import from here:
`from progress import services; services.figure_submit(...)`."""

from .figures import *  # noqa: F403
from .opinions import *  # noqa: F403
from .periods import *  # noqa: F403
from .publishing import *  # noqa: F403
