/* tui: the form widget's editing (typing, UTF-8 backspace, clear, pickers, layout) and the
 * staged overlay the records view and editor show zones through. No curses needed. */
#include <stdlib.h>
#include <string.h>

#include "tests/tools/check.h"
#include "tui/tui.h"

static void
text_fields(void)
{
	struct form f;
	struct form_field *fld;

	form_init(&f);
	fld = form_insert(&f, 0, FORM_TEXT, 1, 0, "TTL", "30");
	CHECK(fld != NULL);
	CHECK(form_key(fld, '0'));
	CHECK_STR(form_value(fld), "300");
	CHECK(fld->touched);
	CHECK(form_key(fld, KEY_BACKSPACE));
	CHECK_STR(form_value(fld), "30");
	CHECK(form_key(fld, 21)); /* C-u */
	CHECK_STR(form_value(fld), "");
	CHECK(!form_key(fld, KEY_BACKSPACE)); /* nothing left to remove */
	/* "ü" is two bytes; one backspace removes both */
	CHECK(form_key(fld, 'a'));
	CHECK(form_key(fld, 0xC3));
	CHECK(form_key(fld, 0xBC));
	CHECK(form_key(fld, 127));
	CHECK_STR(form_value(fld), "a");
	CHECK(!form_key(fld, KEY_UP)); /* not text: for the key table */
	fld->readonly = true;
	CHECK(!form_key(fld, 'x'));
	CHECK_STR(form_value(fld), "a");
	form_done(&f);
}

static void
pickers_and_layout(void)
{
	static const char *const colours[] = { "red", "green", "blue", NULL };
	struct form f;
	struct form_field *c;

	form_init(&f);
	CHECK(form_insert(&f, 0, FORM_TEXT, 1, 0, "Name", "www") != NULL);
	CHECK(form_insert(&f, 1, FORM_NOTE, 2, 0, "", "a note") != NULL);
	c = form_insert(&f, 1, FORM_CHOICE, 3, 0, "Colour", NULL); /* between the two */
	CHECK(c != NULL);
	c->choices = colours;
	CHECK_STR(form_value(c), "red");
	CHECK(form_key(c, ' '));
	CHECK_STR(form_value(c), "green");
	form_step(c, -2);
	CHECK_STR(form_value(c), "blue"); /* wraps */
	CHECK(form_choose(c, "red"));
	CHECK(!form_choose(c, "purple"));
	CHECK_STR(form_value(c), "red");
	CHECK(!form_key(c, 'x')); /* letters on a picker are the owner's (type-ahead) */
	CHECK_INT(f.fields[0].id, 1);
	CHECK_INT(f.fields[1].id, 3);
	CHECK_INT(f.fields[2].id, 2);
	f.fields[1].hidden = true;
	CHECK(form_layout(&f));
	CHECK_INT(f.nvisible, 2);
	CHECK_INT(f.visible[1], 2);
	form_remove(&f, 0);
	CHECK_INT(f.n, 2);
	CHECK_INT(f.fields[0].id, 3);
	form_done(&f);
}

static struct rrset *
rr_a(const char *name, long ttl, const char *value)
{
	struct rrset *rr = rrset_new(name, RR_A, NULL);

	rr->has_ttl = true;
	rr->ttl = ttl;
	rrset_add_value(rr, value, NULL);
	return rr;
}

static void
staged_edits_overlay(void)
{
	struct rrset_list l;
	struct staged_edit e[3];
	struct rrset *edited;

	rrset_list_init(&l);
	rrset_list_take(&l, rr_a("a.example.com.", 60, "192.0.2.1"), NULL);
	rrset_list_take(&l, rr_a("b.example.com.", 60, "192.0.2.2"), NULL);
	rrset_list_take(&l, rr_a("c.example.com.", 60, "192.0.2.3"), NULL);
	memset(e, 0, sizeof(e));
	e[0].old_rr = rr_a("b.example.com.", 60, "192.0.2.2"); /* edit b */
	e[0].new_rr = rr_a("b.example.com.", 300, "192.0.2.2");
	e[1].old_rr = rr_a("c.example.com.", 60, "192.0.2.3"); /* delete c */
	e[2].new_rr = rr_a("0.example.com.", 60, "192.0.2.9"); /* add 0 */
	CHECK(staged_overlay(&l, e, 3, false, NULL) == R53_OK);
	CHECK_INT(l.len, 3);
	CHECK_STR(l.items[0]->name, "0.example.com.");
	CHECK_STR(l.items[1]->name, "a.example.com.");
	CHECK_STR(l.items[2]->name, "b.example.com.");
	CHECK_INT(l.items[2]->ttl, 300);
	edited = rr_a("b.example.com.", 1, "192.0.2.2");
	CHECK_INT(rrset_list_bsearch(&l, edited), 2); /* by key, not content */
	rrset_free(&edited);
	CHECK_INT(rrset_list_bsearch(&l, e[1].old_rr), -1);
	CHECK(rrset_protected(l.items[0], "example.com.") == false);
	for (int i = 0; i < 3; i++) {
		rrset_free(&e[i].old_rr);
		rrset_free(&e[i].new_rr);
	}
	rrset_list_done(&l);
}

/* The records view's overlay: a deleted record set stays (marked by the view), unless an edit
 * moved another set onto its key, which then takes the row. */
static void
staged_edits_overlay_kept(void)
{
	struct rrset_list l;
	struct staged_edit e[3];

	rrset_list_init(&l);
	rrset_list_take(&l, rr_a("c.example.com.", 60, "192.0.2.3"), NULL);
	rrset_list_take(&l, rr_a("a.example.com.", 60, "192.0.2.1"), NULL);
	rrset_list_take(&l, rr_a("d.example.com.", 60, "192.0.2.4"), NULL);
	memset(e, 0, sizeof(e));
	e[0].old_rr = rr_a("c.example.com.", 60, "192.0.2.3"); /* delete c: kept */
	e[1].old_rr = rr_a("a.example.com.", 60, "192.0.2.1"); /* move a to d: a kept */
	e[1].new_rr = rr_a("d.example.com.", 30, "192.0.2.1");
	e[2].old_rr = rr_a("d.example.com.", 60, "192.0.2.4"); /* delete d: the move takes it */
	CHECK(staged_overlay(&l, e, 3, true, NULL) == R53_OK);
	CHECK_INT(l.len, 3);
	CHECK_STR(l.items[0]->name, "a.example.com.");
	CHECK_INT(l.items[0]->ttl, 60);
	CHECK_STR(l.items[1]->name, "c.example.com.");
	CHECK_STR(l.items[2]->name, "d.example.com.");
	CHECK_INT(l.items[2]->ttl, 30);
	for (int i = 0; i < 3; i++) {
		rrset_free(&e[i].old_rr);
		rrset_free(&e[i].new_rr);
	}
	rrset_list_done(&l);
}

int
main(void)
{
	RUN(text_fields);
	RUN(pickers_and_layout);
	RUN(staged_edits_overlay);
	RUN(staged_edits_overlay_kept);
	return CHECK_REPORT("tui_form");
}
