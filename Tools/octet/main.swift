// The octet CLI (subcommands arrive with their issues).
print("octet: no subcommands yet")
