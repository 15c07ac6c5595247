# Modules: one .so per file, installed into $(mapiproxy_modulesdir).
