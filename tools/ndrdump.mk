# mapiproxy-ndrdump (issue 3; ROP payloads: issue 6).
