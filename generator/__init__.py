"""Survey Atlas: turn Hugging Face Daily Papers listing dumps into a curated survey site.

The package is a pipeline of small stages, each a module whose name says what it does, over the
records in ``model``: ``corpus`` reads seed text into papers, ``taxonomy`` loads the curated
chapter file, ``assign`` places papers into sections, ``extract`` pulls comparable facts out of
abstracts, ``render`` turns all of it into pages, ``exports`` writes the machine-readable files,
``build`` runs the stages in order, ``plugin`` hands the result to MkDocs and ``cli`` is the
command line.
"""
