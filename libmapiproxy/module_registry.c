/*
 * The registry of mapiproxy modules and the loader that fills it.
 *
 * Modules register themselves from samba_init_module(), as in the original
 * OpenChange mapiproxy, so a module built for it keeps its entry point.
 * The registry is per process; it is filled once at start-up.
 */
#include "config.h"
#include <dlfcn.h>
#include <string.h>
#include <unistd.h>
#include <util/debug.h>
#include "mapiproxy_internal.h"

static const struct mapiproxy_module **registry;
static size_t registry_count;

const struct mapiproxy_module *mapiproxy_module_byname(const char *name)
{
	size_t i;

	for (i = 0; i < registry_count; i++) {
		if (strcmp(registry[i]->name, name) == 0) {
			return registry[i];
		}
	}
	return NULL;
}

NTSTATUS mapiproxy_module_register(const struct mapiproxy_module *module)
{
	const struct mapiproxy_module **grown;

	if (module == NULL || module->name == NULL || module->name[0] == '\0') {
		DEBUG(0, ("mapiproxy: refusing to register a module without a name\n"));
		return NT_STATUS_INVALID_PARAMETER;
	}
	if (module->abi_version != MAPIPROXY_MODULE_ABI_VERSION) {
		DEBUG(0, ("mapiproxy: module '%s' was built for module ABI %u, "
			  "this mapiproxy has ABI %u: rebuild the module\n",
			  module->name, (unsigned)module->abi_version,
			  (unsigned)MAPIPROXY_MODULE_ABI_VERSION));
		return NT_STATUS_REVISION_MISMATCH;
	}
	if (mapiproxy_module_byname(module->name) != NULL) {
		DEBUG(0, ("mapiproxy: module '%s' is already registered\n",
			  module->name));
		return NT_STATUS_OBJECT_NAME_COLLISION;
	}

	grown = talloc_realloc(NULL, registry, const struct mapiproxy_module *,
			       registry_count + 1);
	if (grown == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	registry = grown;
	registry[registry_count++] = module;
	DEBUG(3, ("mapiproxy: registered module '%s' (%s)\n", module->name,
		  module->description ? module->description : "no description"));
	return NT_STATUS_OK;
}

void mapiproxy_module_registry_reset(void)
{
	TALLOC_FREE(registry);
	registry_count = 0;
}

/* The module name a path stands for: its base name without ".so". */
static char *module_name_of(TALLOC_CTX *mem_ctx, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len;

	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".so") == 0) {
		len -= 3;
	}
	return talloc_strndup(mem_ctx, base, len);
}

static NTSTATUS load_object(const char *path, const char *name,
			    const struct mapiproxy_module **module)
{
	NTSTATUS (*init_fn)(TALLOC_CTX *);
	void *handle;
	NTSTATUS status;

	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (handle == NULL) {
		DEBUG(0, ("mapiproxy: cannot load module '%s' from %s: %s\n",
			  name, path, dlerror()));
		return NT_STATUS_DLL_INIT_FAILED;
	}
	init_fn = (NTSTATUS (*)(TALLOC_CTX *))dlsym(handle, "samba_init_module");
	if (init_fn == NULL) {
		DEBUG(0, ("mapiproxy: %s has no samba_init_module(): not a "
			  "mapiproxy module\n", path));
		dlclose(handle);
		return NT_STATUS_DLL_INIT_FAILED;
	}
	status = init_fn(NULL);
	if (!NT_STATUS_IS_OK(status)) {
		DEBUG(0, ("mapiproxy: module %s failed to register: %s\n",
			  path, nt_errstr(status)));
		return status;
	}
	/* The object stays loaded: the registry points into it. */
	*module = mapiproxy_module_byname(name);
	if (*module == NULL) {
		DEBUG(0, ("mapiproxy: %s did not register a module named '%s'\n",
			  path, name));
		return NT_STATUS_DLL_INIT_FAILED;
	}
	return NT_STATUS_OK;
}

NTSTATUS mapiproxy_module_load(const char *name_or_path, const char *modulesdir,
			       const struct mapiproxy_module **module)
{
	TALLOC_CTX *tmp = talloc_new(NULL);
	char *name, *path;
	NTSTATUS status;

	if (tmp == NULL) {
		return NT_STATUS_NO_MEMORY;
	}
	name = module_name_of(tmp, name_or_path);
	if (name == NULL) {
		talloc_free(tmp);
		return NT_STATUS_NO_MEMORY;
	}

	*module = mapiproxy_module_byname(name);
	if (*module != NULL) {
		talloc_free(tmp);
		return NT_STATUS_OK;
	}

	if (strchr(name_or_path, '/') == NULL) {
		path = talloc_asprintf(tmp, "%s/%s.so", modulesdir, name);
		if (path == NULL) {
			talloc_free(tmp);
			return NT_STATUS_NO_MEMORY;
		}
		if (access(path, R_OK) != 0) {
			DEBUG(0, ("mapiproxy: module '%s' not found: no %s\n",
				  name, path));
			talloc_free(tmp);
			return NT_STATUS_OBJECT_NAME_NOT_FOUND;
		}
	} else {
		path = talloc_strdup(tmp, name_or_path);
		if (path == NULL) {
			talloc_free(tmp);
			return NT_STATUS_NO_MEMORY;
		}
	}

	status = load_object(path, name, module);
	talloc_free(tmp);
	return status;
}
