/*
 * yaml_floor: the cost of reading a YAML file with libyaml and nothing else.
 * It reads the file whole (as the loader does), runs yaml_parser_parse()
 * until the end of the stream and prints the number of events.  The
 * loader's time is measured against this floor.
 */
#include <stdio.h>
#include <stdlib.h>

#include <yaml.h>

static unsigned char *
slurp(const char *path, size_t *lenp)
{
	unsigned char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*lenp = len;
	return buf;
}

int
main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t event;
	unsigned char *buf;
	unsigned long long events = 0;
	size_t len;
	int done = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: yaml_floor FILE\n");
		return 2;
	}
	if ((buf = slurp(argv[1], &len)) == NULL) {
		perror(argv[1]);
		return 2;
	}
	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "yaml_floor: cannot initialise libyaml\n");
		return 2;
	}
	yaml_parser_set_input_string(&parser, buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s:%zu:%zu: %s\n", argv[1],
			    parser.problem_mark.line + 1,
			    parser.problem_mark.column + 1,
			    parser.problem ? parser.problem : "parse error");
			yaml_parser_delete(&parser);
			free(buf);
			return 1;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&event);
		events++;
	}
	yaml_parser_delete(&parser);
	free(buf);
	printf("%llu events\n", events);
	return 0;
}
