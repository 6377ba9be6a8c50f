"""Imported first by the fork server of tests/test_issue_20_load_faults.py (never by the test
process): builds the load's validator there once, so each child, a fork, has it built."""

from tests.load_faults_child import validator

validator()
