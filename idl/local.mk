# IDL files and the IDL compiler (generated NDR code).
