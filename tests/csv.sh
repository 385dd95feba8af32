#!/usr/bin/env bash
# placeholder: filled in by this session's work
echo "0 checks passed, 0 failed"
exit 77
