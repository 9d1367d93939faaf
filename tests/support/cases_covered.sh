#!/usr/bin/env bash
# Fails unless the Catch test spec SPEC (file tags joined by commas) selects every test case of
# the executable TESTS. Usage: cases_covered.sh TESTS SPEC
# (Catch 2's listings exit with the number of cases listed, so their status is not read.)
set -u
all=$("$1" --list-test-names-only | grep -c .)
selected=$("$1" --filenames-as-tags --list-test-names-only "$2" | grep -c .)
echo "$selected of $all test cases are in a file entry"
[ "$all" -gt 0 ] && [ "$selected" -eq "$all" ]
