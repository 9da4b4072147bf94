/* test_policy.c: the status policy, its defaults and --policy KEY=STATE. */
#include <check.h>
#include <string.h>

#include "hs_policy.h"
#include "suites.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Index of policy line <key>, or -1. */
static int
policy_index(const char *key)
{
	int i;

	for (i = 0; i < HS_POL_COUNT; i++) {
		if (strcmp(hs_policy_defaults[i].key, key) == 0)
			return i;
	}
	return -1;
}

/* ---- defaults ---- */

static const struct {
	enum hs_policy_key id;
	const char *key;
	enum hs_state state;
	bool listed;
} defaults[] = {
	{HS_POL_FRONTEND_OPEN, "frontend.open", HS_STATE_OK, false},
	{HS_POL_FRONTEND_STOP, "frontend.stop", HS_STATE_CRITICAL, false},
	{HS_POL_FRONTEND_PAUSED, "frontend.paused", HS_STATE_CRITICAL, false},
	{HS_POL_BACKEND_UP, "backend.up", HS_STATE_OK, false},
	{HS_POL_BACKEND_DOWN, "backend.down", HS_STATE_CRITICAL, false},
	{HS_POL_SERVER_UP, "server.up", HS_STATE_OK, false},
	{HS_POL_SERVER_DOWN, "server.down", HS_STATE_WARNING, false},
	{HS_POL_SERVER_DOWN_LAST, "server.down-last", HS_STATE_CRITICAL, false},
	{HS_POL_SERVER_MAINT, "server.maint", HS_STATE_OK, true},
	{HS_POL_SERVER_DRAIN, "server.drain", HS_STATE_OK, true},
	{HS_POL_SERVER_NOCHECK, "server.nocheck", HS_STATE_OK, true},
	{HS_POL_NODE_UNREACHABLE, "node.unreachable", HS_STATE_CRITICAL, false},
	{HS_POL_MASTER_RELOAD_FAILED, "master.reload-failed", HS_STATE_CRITICAL, false},
};

START_TEST(test_policy_documented_defaults)
{
	struct hs_policy pol;

	hs_policy_init(&pol);
	ck_assert_str_eq(hs_policy_defaults[defaults[_i].id].key, defaults[_i].key);
	ck_assert_int_eq(hs_policy_defaults[defaults[_i].id].state, defaults[_i].state);
	ck_assert_int_eq(hs_policy_defaults[defaults[_i].id].listed, defaults[_i].listed);
	ck_assert_int_eq(pol.state[defaults[_i].id], defaults[_i].state);
}
END_TEST

START_TEST(test_policy_table_is_complete_and_unique)
{
	struct hs_policy pol;
	int i, j;

	memset(&pol, 0x7f, sizeof(pol));
	hs_policy_init(&pol);
	for (i = 0; i < HS_POL_COUNT; i++) {
		const struct hs_policy_line *l = &hs_policy_defaults[i];

		ck_assert_ptr_nonnull(l->key);
		ck_assert_ptr_nonnull(l->what);
		ck_assert_msg(l->key[0] != '\0' && strchr(l->key, '=') == NULL, "line %d: bad key",
			      i);
		ck_assert_msg(l->what[0] != '\0', "line %d (%s): no description", i, l->key);
		ck_assert_int_ge(l->state, HS_STATE_OK);
		ck_assert_int_le(l->state, HS_STATE_UNKNOWN);
		ck_assert_int_eq(pol.state[i], l->state);
		for (j = i + 1; j < HS_POL_COUNT; j++)
			ck_assert_msg(strcmp(l->key, hs_policy_defaults[j].key) != 0,
				      "key %s twice", l->key);
	}
}
END_TEST

/* ---- --policy ---- */

START_TEST(test_policy_set_changes_one_line)
{
	struct hs_error err = {0};
	struct hs_policy pol, before;
	int i;

	hs_policy_init(&pol);
	before = pol;
	ck_assert_int_eq(hs_policy_set(&pol, "server.maint=warning", &err), 0);
	ck_assert_int_eq(pol.state[HS_POL_SERVER_MAINT], HS_STATE_WARNING);
	for (i = 0; i < HS_POL_COUNT; i++) {
		if (i != HS_POL_SERVER_MAINT)
			ck_assert_int_eq(pol.state[i], before.state[i]);
	}
	/* the defaults table itself is untouched */
	ck_assert_int_eq(hs_policy_defaults[HS_POL_SERVER_MAINT].state, HS_STATE_OK);
}
END_TEST

/* Assignments that must work, and the state they give. */
static const struct {
	const char *assign;
	const char *key;
	enum hs_state state;
} sets[] = {
	{"server.maint=warning", "server.maint", HS_STATE_WARNING},
	{"server.maint=WARNING", "server.maint", HS_STATE_WARNING},
	{"server.maint=Critical", "server.maint", HS_STATE_CRITICAL},
	{"backend.down=ok", "backend.down", HS_STATE_OK},
	{"server.down=unknown", "server.down", HS_STATE_UNKNOWN},
	{"server.down=2", "server.down", HS_STATE_CRITICAL},
	{"server.down-last=1", "server.down-last", HS_STATE_WARNING},
	{"frontend.stop=0", "frontend.stop", HS_STATE_OK},
	{"backend.backup-only=3", "backend.backup-only", HS_STATE_UNKNOWN},
	{"listener.waiting=uNkNoWn", "listener.waiting", HS_STATE_UNKNOWN},
};

START_TEST(test_policy_set_accepts_names_and_numbers)
{
	struct hs_error err = {0};
	struct hs_policy pol;
	int idx = policy_index(sets[_i].key);

	ck_assert_int_ge(idx, 0);
	hs_policy_init(&pol);
	ck_assert_msg(hs_policy_set(&pol, sets[_i].assign, &err) == 0, "%s: %s", sets[_i].assign,
		      err.msg);
	ck_assert_int_eq(pol.state[idx], sets[_i].state);
}
END_TEST

START_TEST(test_policy_last_assignment_wins)
{
	struct hs_error err = {0};
	struct hs_policy pol;

	hs_policy_init(&pol);
	ck_assert_int_eq(hs_policy_set(&pol, "server.down=critical", &err), 0);
	ck_assert_int_eq(hs_policy_set(&pol, "server.down=ok", &err), 0);
	ck_assert_int_eq(pol.state[HS_POL_SERVER_DOWN], HS_STATE_OK);
}
END_TEST

/* Assignments that must fail with USAGE and leave the policy as it was. */
static const char *const bad_sets[] = {
	"server.maint",           /* no '=' */
	"",                       /* nothing */
	"server.mant=warning",    /* unknown key */
	"server=warning",         /* prefix of keys */
	"server.maint.x=warning", /* longer than a key */
	"=warning",               /* empty key */
	"server.maint=",          /* empty state */
	"server.maint=warn",      /* bad state */
	"server.maint=4",         /* out of range */
	"server.maint=-1",        /* negative */
	"server.maint=12",        /* two digits */
	"server.maint= ok",       /* spaces */
	"server.maint=ok=1",      /* two '=' */
};

START_TEST(test_policy_set_rejects_bad_assignment)
{
	struct hs_error err = {0};
	struct hs_policy pol, before;

	hs_policy_init(&pol);
	before = pol;
	ck_assert_msg(hs_policy_set(&pol, bad_sets[_i], &err) == -1, "'%s' accepted", bad_sets[_i]);
	ck_assert_int_eq(err.code, HS_ERR_USAGE);
	ck_assert_str_ne(err.msg, "");
	ck_assert_mem_eq(&pol, &before, sizeof(pol));
}
END_TEST

/* ---- hs_state_parse ---- */

static const struct {
	const char *text;
	int state;
} parses[] = {
	{"ok", 0},       {"OK", 0},      {"warning", 1}, {"Warning", 1}, {"critical", 2},
	{"CRITICAL", 2}, {"unknown", 3}, {"0", 0},       {"1", 1},       {"2", 2},
	{"3", 3},        {"", -1},       {"4", -1},      {"-1", -1},     {"02", -1},
	{"warn", -1},    {"crit", -1},   {"okay", -1},   {" ok", -1},    {"ok ", -1},
	{"1.0", -1},     {"oks", -1},
};

START_TEST(test_policy_state_parse)
{
	ck_assert_msg(hs_state_parse(parses[_i].text) == parses[_i].state, "'%s' gives %d, not %d",
		      parses[_i].text, hs_state_parse(parses[_i].text), parses[_i].state);
}
END_TEST

/* Status -> policy line, with the facts beside the status. */
START_TEST(test_policy_key_mapping)
{
	static const struct {
		enum hs_objtype type;
		const char *status;
		struct hs_policy_facts facts;
		int key;
	} cases[] = {
		{HS_OBJ_FRONTEND, "OPEN", {0}, HS_POL_FRONTEND_OPEN},
		{HS_OBJ_FRONTEND, "OPEN", {.saturated = true}, HS_POL_FRONTEND_FULL},
		{HS_OBJ_FRONTEND, "FULL", {0}, HS_POL_FRONTEND_FULL},
		{HS_OBJ_FRONTEND, "STOP", {0}, HS_POL_FRONTEND_STOP},
		{HS_OBJ_FRONTEND, "PAUSED", {0}, HS_POL_FRONTEND_PAUSED},
		{HS_OBJ_FRONTEND, "UP", {0}, -1},
		{HS_OBJ_LISTENER, "WAITING", {0}, HS_POL_LISTENER_WAITING},
		{HS_OBJ_LISTENER, "FULL", {0}, HS_POL_LISTENER_FULL},
		{HS_OBJ_BACKEND, "UP", {0}, HS_POL_BACKEND_UP},
		{HS_OBJ_BACKEND, "DOWN", {0}, HS_POL_BACKEND_DOWN},
		{HS_OBJ_BACKEND, "OPEN", {0}, -1},
		{HS_OBJ_SERVER, "UP", {0}, HS_POL_SERVER_UP},
		{HS_OBJ_SERVER, "UP", {.weight0 = true}, HS_POL_SERVER_WEIGHT0},
		{HS_OBJ_SERVER, "no check", {.weight0 = true}, HS_POL_SERVER_WEIGHT0},
		{HS_OBJ_SERVER, "no check", {0}, HS_POL_SERVER_NOCHECK},
		{HS_OBJ_SERVER, "UP 1/3", {0}, HS_POL_SERVER_GOING_DOWN},
		{HS_OBJ_SERVER, "DOWN", {.active_up = true}, HS_POL_SERVER_DOWN},
		{HS_OBJ_SERVER, "DOWN 1/2", {0}, HS_POL_SERVER_DOWN_LAST},
		{HS_OBJ_SERVER, "DOWN", {.backup = true}, HS_POL_BACKUP_DOWN},
		{HS_OBJ_SERVER, "MAINT (resolution)", {0}, HS_POL_SERVER_DOWN_LAST},
		{HS_OBJ_SERVER, "MAINT (resolution)", {.active_up = true}, HS_POL_SERVER_DOWN},
		{HS_OBJ_SERVER, "MAINT (resolution)", {.backup = true}, HS_POL_BACKUP_DOWN},
		{HS_OBJ_SERVER, "MAINT (via be/s1)", {0}, HS_POL_SERVER_MAINT},
		{HS_OBJ_SERVER, "MAINT", {0}, HS_POL_SERVER_MAINT},
		{HS_OBJ_SERVER, "DRAIN (agent)", {0}, HS_POL_SERVER_DRAIN},
		{HS_OBJ_SERVER, "NOLB", {0}, HS_POL_SERVER_NOLB},
		{HS_OBJ_SERVER, "OPEN", {0}, -1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hs_status st;

		hs_status_parse(cases[i].status, &st);
		ck_assert_msg(hs_policy_key(cases[i].type, &st, &cases[i].facts) == cases[i].key,
			      "type %d '%s': %d", cases[i].type, cases[i].status,
			      hs_policy_key(cases[i].type, &st, &cases[i].facts));
	}
}
END_TEST

Suite *
make_policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *tc;

	tc = tcase_create("Defaults");
	tcase_add_loop_test(tc, test_policy_documented_defaults, 0, N(defaults));
	tcase_add_test(tc, test_policy_table_is_complete_and_unique);
	tcase_add_test(tc, test_policy_key_mapping);
	suite_add_tcase(s, tc);

	tc = tcase_create("Set");
	tcase_add_test(tc, test_policy_set_changes_one_line);
	tcase_add_loop_test(tc, test_policy_set_accepts_names_and_numbers, 0, N(sets));
	tcase_add_test(tc, test_policy_last_assignment_wins);
	suite_add_tcase(s, tc);

	tc = tcase_create("Errors");
	tcase_add_loop_test(tc, test_policy_set_rejects_bad_assignment, 0, N(bad_sets));
	suite_add_tcase(s, tc);

	tc = tcase_create("StateParse");
	tcase_add_loop_test(tc, test_policy_state_parse, 0, N(parses));
	suite_add_tcase(s, tc);
	return s;
}
