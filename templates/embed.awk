# Turn the template files named on the command line into a C file holding
# their text, so that tunnelgen runs without its data directory.
# Usage: awk -f embed.awk templates/*.tmpl > embedded.c
BEGIN {
	print "/* Generated from the templates by templates/embed.awk. */"
	print "#include \"config.h\""
	print ""
	print "#include \"compiler/template.h\""
	for (i = 1; i < ARGC; i++) {
		printf "\nstatic const char text%d[] =\n", i
		n = 0
		while ((getline line < ARGV[i]) > 0) {
			n++
			gsub(/\\/, "\\\\", line)
			gsub(/"/, "\\\"", line)
			gsub(/\?/, "\\?", line)
			gsub(/\t/, "\\t", line)
			gsub(/\r/, "\\r", line)
			printf "    \"%s\\n\"\n", line
		}
		close(ARGV[i])
		if (n == 0)
			print "    \"\""
		print "    ;"
	}
	print ""
	print "const struct tmpl_builtin tmpl_builtins[] = {"
	for (i = 1; i < ARGC; i++) {
		name = ARGV[i]
		sub(/.*\//, "", name)
		printf "\t{ \"%s\", text%d, sizeof(text%d) - 1 },\n", name, i, i
	}
	print "};"
	printf "const size_t tmpl_nbuiltins = %d;\n", ARGC - 1
	exit 0
}
