"""mpidl: mapiproxy's IDL compiler.

Compiles the subset of Samba pidl's IDL dialect that the Exchange RPC
interfaces need into libndr C code that follows pidl's naming and calling
conventions (gen_ndr/X.h, gen_ndr/ndr_X.[ch], gen_ndr/ndr_X_c.[ch]).
Python standard library only.
"""
