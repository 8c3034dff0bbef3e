"""Write services of monthly progress (keyword-only, atomic, audited). Import from here:
`from progress import services; services.figure_submit(...)`."""

from .disclosure import *  # noqa: F403
from .evidence import *  # noqa: F403
from .figures import *  # noqa: F403
from .opinions import *  # noqa: F403
from .periods import *  # noqa: F403
from .posters import *  # noqa: F403
from .publishing import *  # noqa: F403
from .urging import *  # noqa: F403
from .verification import *  # noqa: F403
