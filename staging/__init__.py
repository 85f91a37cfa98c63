"""The files between the stages: the staging format (``staging/format.py``) and the run folder's markers and
readers (``staging/runs.py``). The crawler writes them, the warehouse reads them; neither imports the other.
"""
