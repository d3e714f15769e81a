class BuildError(Exception):
    """A problem in the build's inputs; the message names the file and the fix."""
