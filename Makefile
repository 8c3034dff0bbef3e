# Two commands: `make run` (set up + serve the demo) and `make test` (the whole suite).
SHELL := /bin/bash
PY := .venv/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run setup test lint bench worker beat clean

setup:
	@scripts/bootstrap run
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_demo

run: setup
	@echo ""
	@echo "演示账户（密码均为 Minsheng#2024）："
	@echo "  admin            系统管理员"
	@echo "  office           专班办公室"
	@echo "  county_dongkou   县市区专班（洞口县）"
	@echo "  county_shaodong  县市区专班（邵东市）"
	@echo "  dept_education   市直责任单位（邵阳市教育局）"
	@echo "  observer         观察员"
	@echo "  deputy           人大代表"
	@echo "打开 http://$(HOST):$(PORT)/  （SQLite + Celery worker 与定时任务 beat，队列在 .queue/；Ctrl-C 全部停止）"
	@HOST=$(HOST) PORT=$(PORT) scripts/serve

test:
	@scripts/bootstrap test
	@scripts/test

lint:
	@.venv/bin/ruff check .
	@.venv/bin/lint-imports --no-cache --no-logo

bench:
	@scripts/bootstrap bench
	@scripts/bench

worker:
	@.venv/bin/celery -A minsheng worker -l info

beat:
	@.venv/bin/celery -A minsheng beat -l info

clean:
	rm -rf .venv db.sqlite3 .queue media staticfiles artifacts .pytest_cache .ruff_cache

.PHONY: reliability
reliability: ; @scripts/bootstrap test && scripts/reliability
