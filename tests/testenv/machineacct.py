# SPDX-License-Identifier: GPL-3.0-or-later
"""Machine accounts for `testenv up --kerberos` (doc/testenv.md): each
instance gets a computer account of its own, as if joined, so that it has a
Kerberos service principal (host/NAME.REALM) and a machine account for
dcerpc_mapiproxy:use_machine_account.  Run it with the python samba-tool
uses.

    machineacct.py create SMB_CONF SAM_URL NAME PASSWORD DELEGATE ...
        adds the computer account NAME$ (SPNs HOST/NAME and
        HOST/name.dnsdomain) with PASSWORD to the directory, trusted for
        (unconstrained) delegation when DELEGATE is "yes"; prints
        "NAME SID KVNO" for each
    machineacct.py join SMB_CONF NAME PASSWORD KVNO
        makes NAME$ the machine account in the secrets.ldb of the instance
        whose smb.conf is SMB_CONF; samba's secrets.ldb modules write its
        keys into the instance's secrets.keytab, from which samba's RPC
        server accepts Kerberos tickets for host/name.dnsdomain, and its
        password into secrets.tdb.  One instance per process: samba opens
        secrets.tdb once per process, so a second join in the same process
        would write into the first instance's.
"""
import sys

import ldb
from samba import Ldb, dsdb, param
from samba.auth import system_session
from samba.dcerpc import misc, security
from samba.ndr import ndr_unpack
from samba.provision import secretsdb_self_join
from samba.samdb import SamDB


ENCTYPES = (security.KERB_ENCTYPE_RC4_HMAC_MD5 |
            security.KERB_ENCTYPE_AES128_CTS_HMAC_SHA1_96 |
            security.KERB_ENCTYPE_AES256_CTS_HMAC_SHA1_96)


def groups(args, n):
    if len(args) % n != 0:
        raise SystemExit("machineacct.py: arguments come in groups of %d" % n)
    return [args[i:i + n] for i in range(0, len(args), n)]


def create(conf, url, accounts):
    lp = param.LoadParm()
    lp.load(conf)
    db = SamDB(url=url, session_info=system_session(), lp=lp)
    dns = db.domain_dns_name()
    for name, password, delegate in groups(accounts, 3):
        sam = name.upper() + "$"
        db.newcomputer(name.upper(), service_principal_name_list=[
            "HOST/%s" % name.upper(), "HOST/%s.%s" % (name.lower(), dns)])
        db.setpassword("(sAMAccountName=%s)" % ldb.binary_encode(sam), password,
                       False)
        uac = dsdb.UF_WORKSTATION_TRUST_ACCOUNT
        if delegate == "yes":
            uac |= dsdb.UF_TRUSTED_FOR_DELEGATION
        res = db.search(base=db.domain_dn(),
                        expression="(sAMAccountName=%s)" % ldb.binary_encode(sam),
                        attrs=["objectSid"])
        m = ldb.Message(res[0].dn)
        m["userAccountControl"] = ldb.MessageElement(
            str(uac), ldb.FLAG_MOD_REPLACE, "userAccountControl")
        m["dNSHostName"] = ldb.MessageElement(
            "%s.%s" % (name.lower(), dns), ldb.FLAG_MOD_REPLACE, "dNSHostName")
        # As a join sets it: without it the KDC encrypts tickets for the
        # account with RC4 only.
        m["msDS-SupportedEncryptionTypes"] = ldb.MessageElement(
            str(ENCTYPES), ldb.FLAG_MOD_REPLACE, "msDS-SupportedEncryptionTypes")
        db.modify(m)
        res = db.search(base=res[0].dn, scope=ldb.SCOPE_BASE,
                        attrs=["objectSid", "msDS-KeyVersionNumber"])
        sid = ndr_unpack(security.dom_sid, res[0]["objectSid"][0])
        print("%s %s %s" % (name, sid, res[0]["msDS-KeyVersionNumber"][0]))


def join(conf, name, password, kvno):
    lp = param.LoadParm()
    lp.load(conf)
    secrets = Ldb(lp.private_path("secrets.ldb"), session_info=system_session(),
                  lp=lp)
    old = secrets.search(base="cn=Primary Domains", scope=ldb.SCOPE_ONELEVEL,
                         expression="(objectClass=primaryDomain)",
                         attrs=["objectSid"])
    domain_sid = ndr_unpack(security.dom_sid, old[0]["objectSid"][0])
    # The copied DC's record goes (and with it its keys in the keytab):
    # the instance is NAME and nothing else.
    for record in old:
        secrets.delete(record.dn)
    dns = "%s.%s" % (name.lower(), lp.get("realm").lower())
    secretsdb_self_join(secrets, domain=lp.get("workgroup"),
                        netbiosname=name.upper(), machinepass=password,
                        domainsid=domain_sid, realm=lp.get("realm"),
                        dnsdomain=lp.get("realm").lower(),
                        keytab_path="secrets.keytab",
                        key_version_number=int(kvno),
                        secure_channel_type=misc.SEC_CHAN_WKSTA)
    # secretsdb_self_join names only HOST/NAME; the keytab gets the
    # host name's principal too.
    m = ldb.Message(ldb.Dn(secrets, "flatname=%s,cn=Primary Domains"
                           % lp.get("workgroup")))
    m["servicePrincipalName"] = ldb.MessageElement(
        ["HOST/%s" % name.upper(), "HOST/%s" % dns], ldb.FLAG_MOD_REPLACE,
        "servicePrincipalName")
    m["msDS-SupportedEncryptionTypes"] = ldb.MessageElement(
        str(ENCTYPES), ldb.FLAG_MOD_REPLACE, "msDS-SupportedEncryptionTypes")
    secrets.modify(m)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) == 6 and sys.argv[1] == "join":
        join(*sys.argv[2:])
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
