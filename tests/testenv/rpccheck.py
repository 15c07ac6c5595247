# SPDX-License-Identifier: GPL-3.0-or-later
"""One authenticated DCE/RPC bind to the endpoint mapper of a test
environment instance, with samba's python bindings (run it with the python
samba-tool uses).  The bind authenticates with NTLM only, so every instance
must check the domain's logons itself; or, with "kerberos", only with
Kerberos (KRB5_CONFIG names the realm's KDC, BINDING the instance's host
name as target_hostname), so the instance must accept tickets for its own
service principal.

    rpccheck.py BINDING DOMAIN USER PASSWORD ok|denied
    rpccheck.py BINDING DOMAIN USER PASSWORD kerberos REALM

Exit 0 when the result is the expected one: "ok" and "kerberos" want the
bind and an epm_Lookup on the sealed connection to succeed, "denied" wants
the bind refused with NT_STATUS_LOGON_FAILURE.
"""
import sys

from samba import NTSTATUSError, credentials, param
from samba.dcerpc import epmapper, misc

NT_STATUS_LOGON_FAILURE = 0xC000006D


def main():
    binding, domain, user, password, expect = sys.argv[1:6]
    lp = param.LoadParm()
    if expect == "kerberos":
        # gensec names the server's principal in this realm.
        lp.set("realm", sys.argv[6])
    creds = credentials.Credentials()
    creds.guess(lp)
    creds.set_domain(domain)
    creds.set_username(user)
    creds.set_password(password)
    if expect == "kerberos":
        creds.set_realm(sys.argv[6])
        creds.set_kerberos_state(credentials.MUST_USE_KERBEROS)
    else:
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
    print("sealed %sbind as %s\\%s, epm_Lookup returned %d endpoint(s)"
          % ("Kerberos " if expect == "kerberos" else "", domain, user, len(entries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
