/* A small form widget: one field per row (label, value, and the field's error right next to
 * it). Text fields take what is typed at the end of the text; choice fields are pickers that
 * cycle. The owner (edit_view.c) gives fields meaning, hides and shows them, and fills the
 * errors from models/ after every keystroke. */
#include <stdlib.h>
#include <string.h>

#include "tui/tui.h"

#define LABEL_COLS 16
#define KEY_CTRL_U 21

void
form_init(struct form *f)
{
	memset(f, 0, sizeof(*f));
}

void
form_done(struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->fields[i].text);
	free(f->fields);
	free(f->visible);
	memset(f, 0, sizeof(*f));
}

struct form_field *
form_insert(struct form *f, size_t pos, enum form_kind kind, int id, int index,
	    const char *label, const char *text)
{
	struct form_field *fld;

	if (pos > f->n)
		pos = f->n;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		struct form_field *n = realloc(f->fields, cap * sizeof(*n));
		if (!n)
			return NULL;
		f->fields = n;
		f->cap = cap;
	}
	memmove(&f->fields[pos + 1], &f->fields[pos], (f->n - pos) * sizeof(*fld));
	fld = &f->fields[pos];
	memset(fld, 0, sizeof(*fld));
	fld->kind = kind;
	fld->id = id;
	fld->index = index;
	snprintf(fld->label, sizeof(fld->label), "%s", label);
	fld->text = strdup(text ? text : "");
	if (!fld->text) {
		memmove(&f->fields[pos], &f->fields[pos + 1], (f->n - pos) * sizeof(*fld));
		return NULL;
	}
	f->n++;
	return fld;
}

void
form_remove(struct form *f, size_t pos)
{
	if (pos >= f->n)
		return;
	free(f->fields[pos].text);
	memmove(&f->fields[pos], &f->fields[pos + 1], (f->n - pos - 1) * sizeof(f->fields[0]));
	f->n--;
}

bool
form_set_text(struct form_field *fld, const char *text)
{
	char *copy = strdup(text ? text : "");

	if (!copy)
		return false;
	free(fld->text);
	fld->text = copy;
	return true;
}

const char *
form_value(const struct form_field *fld)
{
	if (fld->kind == FORM_CHOICE)
		return fld->choices && fld->choices[0] ? fld->choices[fld->choice] : "";
	return fld->text ? fld->text : "";
}

bool
form_choose(struct form_field *fld, const char *value)
{
	for (int i = 0; fld->choices && fld->choices[i]; i++)
		if (!strcmp(fld->choices[i], value)) {
			fld->choice = i;
			return true;
		}
	return false;
}

void
form_step(struct form_field *fld, int delta)
{
	int n = 0;

	while (fld->choices && fld->choices[n])
		n++;
	if (n == 0)
		return;
	fld->choice = ((fld->choice + delta) % n + n) % n;
	fld->touched = true;
}

bool
form_key(struct form_field *fld, int key)
{
	size_t len;

	if (fld->readonly || fld->kind == FORM_NOTE)
		return false;
	if (fld->kind == FORM_CHOICE) {
		if (key != ' ')
			return false;
		form_step(fld, 1);
		return true;
	}
	len = strlen(fld->text);
	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (!len)
			return false;
		while (len > 0 && ((unsigned char)fld->text[len - 1] & 0xC0) == 0x80)
			len--; /* one UTF-8 character */
		if (len > 0)
			len--;
		fld->text[len] = '\0';
	} else if (key == KEY_CTRL_U) {
		fld->text[0] = '\0';
	} else if (key >= 32 && key < 256 && key != 127) {
		char *n = realloc(fld->text, len + 2);
		if (!n)
			return false;
		fld->text = n;
		n[len] = (char)key;
		n[len + 1] = '\0';
	} else {
		return false;
	}
	fld->touched = true;
	return true;
}

bool
form_layout(struct form *f)
{
	size_t *v = realloc(f->visible, (f->n + 1) * sizeof(*v));

	if (!v)
		return false;
	f->visible = v;
	f->nvisible = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!f->fields[i].hidden)
			f->visible[f->nvisible++] = i;
	return true;
}

bool
form_error_shown(const struct form_field *fld, int width)
{
	char value[1024];
	int vw = width - LABEL_COLS;

	if (!fld->error[0])
		return true;
	snprintf(value, sizeof(value), "%s_", fld->text);
	/* form_draw: the value keeps at least 20 columns, the note gets what is left */
	if (vw - 20 < display_width(fld->error) + 3)
		return false;
	return display_width(value) + 1 + display_width(fld->error) + 3 <= vw;
}

void
form_draw(const struct form *f, size_t lineno, int y, int width, bool selected)
{
	const struct form_field *fld = &f->fields[f->visible[lineno]];
	char value[1024];
	int x = 0, vw, ew = 0;
	attr_t la = selected ? display_attr(ROLE_CURSOR) : display_attr(ROLE_HEADING);
	attr_t va = fld->readonly || fld->kind == FORM_NOTE ? A_DIM : A_NORMAL;

	if (fld->kind == FORM_NOTE) {
		x += display_text(y, x, "", LABEL_COLS, selected ? la : A_NORMAL);
		display_text(y, x, fld->text, width - x, va);
		return;
	}
	x += display_text(y, x, " ", 1, la);
	x += display_column(y, x, fld->label, LABEL_COLS - 1, la);
	if (fld->kind == FORM_CHOICE)
		snprintf(value, sizeof(value), fld->readonly ? "%s" : "< %s >", form_value(fld));
	else
		snprintf(value, sizeof(value), "%s%s", fld->text, selected && !fld->readonly ? "_" : "");
	vw = width - x;
	if (fld->error[0]) {
		/* the message goes right next to the field; the value keeps at least 20 columns */
		ew = display_width(fld->error) + 3;
		if (vw - ew < 20)
			ew = vw - 20 > 0 ? vw - 20 : 0;
		vw -= ew;
		if (display_width(value) + 1 < vw) {
			ew += vw - display_width(value) - 1;
			vw = display_width(value) + 1;
		}
	}
	if (selected && fld->kind == FORM_TEXT && display_width(value) > vw && vw > 1) {
		/* show the end, where typing happens */
		const char *s = value;
		while (*s && display_width(s) > vw - 1) {
			s++;
			while (((unsigned char)*s & 0xC0) == 0x80)
				s++; /* whole UTF-8 characters only */
		}
		x += display_text(y, x, "<", 1, va);
		x += display_text(y, x, s, vw - 1, va);
	} else {
		x += display_text(y, x, value, vw, va);
	}
	if (ew > 0) {
		char msg[300];
		snprintf(msg, sizeof(msg), "! %s", fld->error);
		display_text(y, x, msg, ew, display_attr(ROLE_DIFF_DEL) | A_BOLD);
	}
}
