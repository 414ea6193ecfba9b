"""ltpif: the NHS Long Term Plan Implementation Framework as software."""
