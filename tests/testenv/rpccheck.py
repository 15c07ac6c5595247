# SPDX-License-Identifier: GPL-3.0-or-later
"""One authenticated DCE/RPC bind to the endpoint mapper of a test
environment instance, with samba's python bindings (run it with the python
samba-tool uses).  The bind authenticates with NTLM only, so every instance
must check the domain's logons itself.

    rpccheck.py BINDING DOMAIN USER PASSWORD ok|denied

Exit 0 when the result is the expected one: "ok" wants the bind and an
epm_Lookup on the sealed connection to succeed, "denied" wants the bind
refused with NT_STATUS_LOGON_FAILURE.
"""
import sys

from samba import NTSTATUSError, credentials, param
from samba.dcerpc import epmapper, misc

NT_STATUS_LOGON_FAILURE = 0xC000006D


def main():
    binding, domain, user, password, expect = sys.argv[1:6]
    lp = param.LoadParm()
    creds = credentials.Credentials()
    creds.guess(lp)
    creds.set_domain(domain)
    creds.set_username(user)
    creds.set_password(password)
    creds.set_kerberos_state(credentials.DONT_USE_KERBEROS)
    try:
        pipe = epmapper.epmapper(binding, lp, creds)
    except NTSTATUSError as e:
        if expect == "denied" and e.args[0] == NT_STATUS_LOGON_FAILURE:
            print("bind refused: %s" % e.args[1])
            return 0
        print("bind failed: 0x%08X %s" % (e.args[0] & 0xFFFFFFFF, e.args[1]))
        return 1
    if expect == "denied":
        print("bind accepted a wrong password")
        return 1
    _, entries, result = pipe.epm_Lookup(0, None, None, 0, misc.policy_handle(), 64)
    if result not in (0, epmapper.EPMAPPER_STATUS_NO_MORE_ENTRIES):
        print("epm_Lookup failed: 0x%08X" % result)
        return 1
    print("sealed bind as %s\\%s, epm_Lookup returned %d endpoint(s)"
          % (domain, user, len(entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
