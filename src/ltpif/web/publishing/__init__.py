"""Publishing the national implementation plan from the web: runs, their progress, their files."""
