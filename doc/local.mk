# Documentation.
dist_doc_DATA += \
	doc/configuration.md \
	doc/legacy-emsmdb.md \
	doc/module-guide.md
