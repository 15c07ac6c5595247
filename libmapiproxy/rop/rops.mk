# ROP buffers: parse and serialize every ROP of MS-OXCROPS (issue 6).
