# Test environment and integration tests against real samba instances (issue 8).
