# Documentation.
dist_doc_DATA += \
	doc/configuration.md \
	doc/module-guide.md
