"""Every write of the clients module. Split by concept; import from the submodules."""
