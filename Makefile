# The two commands of the README's quick start, and a few a developer wants.
.PHONY: demo test setup lock

demo:  ## set everything up, load realistic demo data and serve it on http://127.0.0.1:8000
	@scripts/bootstrap
	.venv/bin/fairinspect demo

test:  ## set everything up and run the whole test suite (SQLite, then PostgreSQL when there is one)
	@scripts/test

setup:  ## only set up: .venv with the locked dependencies, node_modules with GOV.UK Frontend
	@scripts/bootstrap

lock:  ## regenerate requirements.lock after changing pyproject.toml
	@scripts/lock
