"""vetting: assess the risk of a deal with an outsourced e-commerce provider before signing."""
from .api import assess, assess_file
from .assessment import Assessment, Finding
from .errors import EngineError, InputError, Problem, RulePackError, VettingError
from .loading import load_deal
from .models import Deal

__version__ = "0.1.0"
__all__ = [
    "Assessment", "Deal", "EngineError", "Finding", "InputError", "Problem", "RulePackError", "VettingError",
    "assess", "assess_file", "load_deal", "__version__",
]
