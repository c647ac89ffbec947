# cdp.py - placeholder
