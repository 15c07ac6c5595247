# EcDoRpcExt2 payload codec: RPC_HEADER_EXT, LZ77, XOR, AUX blocks (issue 6).
