# Wire layer tests: NDR round trips, specification vectors, hostile input (issue 3).
