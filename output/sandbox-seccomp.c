/*
 * sandbox-seccomp.c: the agent's sandbox as a seccomp profile in
 * Docker's format (docs.docker.com/engine/security/seccomp/; the members
 * of moby's profile types: defaultAction, syscalls with names, action,
 * errnoRet, args and comment). It starts from the calls Docker's default
 * profile is documented to leave out and adds what the findings need
 * refused (namespaces, bpf, ptrace), each rule's "comment" saying why.
 * Default allow: use it where no allow list applies (bwrap, a runtime
 * without Docker's default), or beside Docker's own.
 */
#include <string.h>

#include <jansson.h>

#include "output/sandbox.h"
#include "known/sandbox.h"
#include "lib/xmalloc.h"

/* clone(2)'s namespace flags (linux/sched.h) */
static const struct {
	const char	*name;
	json_int_t	 flag;
} ns_flags[] = {
	{ "CLONE_NEWNS", 0x00020000 }, { "CLONE_NEWCGROUP", 0x02000000 },
	{ "CLONE_NEWUTS", 0x04000000 }, { "CLONE_NEWIPC", 0x08000000 },
	{ "CLONE_NEWUSER", 0x10000000 }, { "CLONE_NEWPID", 0x20000000 },
	{ "CLONE_NEWNET", 0x40000000 },
};

static json_t *
rule(const char *const *names, int errnum, const char *comment)
{
	json_t *r = json_object(), *a = json_array();

	for (; *names; names++)
		json_array_append_new(a, json_string(*names));
	json_object_set_new(r, "names", a);
	json_object_set_new(r, "action", json_string("SCMP_ACT_ERRNO"));
	json_object_set_new(r, "errnoRet", json_integer(errnum));
	json_object_set_new(r, "comment", json_string(comment));
	return r;
}

static char *
need_text(const struct sb_plan *p, enum sb_need n, const char *what)
{
	char *w = sandbox_plan_why(p, n), *s;

	s = w ? xasprintf("%s: %s", what, w) :
	    xasprintf("%s (no finding asks it; Docker's default refuses it "
	    "too)", what);
	free(w);
	return s;
}

int
sbw_seccomp(struct sbw *w)
{
	static const char *const clone_[] = { "clone", NULL };
	static const char *const clone3[] = { "clone3", NULL };
	json_t *doc = json_object(), *sc = json_array();
	json_t *r, *args, *arg;
	struct buf t = { 0 };
	char *s, *dump;
	size_t i;

	/* the format has no comment but a rule's: the first says what the
	 * file is */
	buf_adds(&t, "privmap sandbox, a seccomp profile in Docker's format "
	    "(privmap policy --policy-format seccomp; docker run "
	    "--security-opt seccomp=FILE), for ");
	output_target(&t, w->rep);
	buf_adds(&t, ". Docker's default profile leaves these out "
	    "(docs.docker.com/engine/security/seccomp/, significant "
	    "syscalls blocked by the default profile)");
	json_object_set_new(doc, "defaultAction",
	    json_string("SCMP_ACT_ALLOW"));
	json_array_append_new(sc, rule(known_docker_blocked, 1,
	    buf_str(&t)));
	buf_free(&t);
	json_array_append_new(sc, rule(known_calls_extra, 1,
	    "the new mount API, which Docker's list predates: mounts as "
	    "mount(2) is refused"));
	s = need_text(w->p, NEED_USERNS, "no new namespace");
	json_array_append_new(sc, rule(known_calls_userns, 1, s));
	for (i = 0; i < sizeof ns_flags / sizeof ns_flags[0]; i++) {
		char *c = xasprintf("%s: clone with %s", s, ns_flags[i].name);

		r = rule(clone_, 1, c);
		free(c);
		args = json_array();
		arg = json_object();
		json_object_set_new(arg, "index", json_integer(0));
		json_object_set_new(arg, "value",
		    json_integer(ns_flags[i].flag));
		json_object_set_new(arg, "valueTwo",
		    json_integer(ns_flags[i].flag));
		json_object_set_new(arg, "op",
		    json_string("SCMP_CMP_MASKED_EQ"));
		json_array_append_new(args, arg);
		json_object_set_new(r, "args", args);
		json_array_append_new(sc, r);
	}
	free(s);
	/* ENOSYS: glibc then falls back to clone(2), whose flags the rules
	 * above can read (clone3's are in memory, out of seccomp's sight) */
	json_array_append_new(sc, rule(clone3, 38, "clone3's flags are out "
	    "of a filter's sight: ENOSYS, so that the C library falls back "
	    "to clone, judged above"));
	s = need_text(w->p, NEED_BPF, "no BPF program loaded");
	json_array_append_new(sc, rule(known_calls_bpf, 1, s));
	free(s);
	s = need_text(w->p, NEED_PTRACE, "no process traced");
	json_array_append_new(sc, rule(known_calls_ptrace, 1, s));
	free(s);
	json_object_set_new(doc, "syscalls", sc);
	dump = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (dump == NULL)
		return -1;
	buf_adds(w->b, dump);
	buf_addc(w->b, '\n');
	free(dump);
	return 0;
}
