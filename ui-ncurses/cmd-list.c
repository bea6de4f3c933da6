// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * cmd-list.c - `stickler list`: the disks a person may write, what is
 * hidden and why, as text that fits 80 columns or as JSON; --check asks
 * the safety rules about one target without writing; --watch follows
 * hotplug.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define WIDTH 80

struct list_opts {
	bool all;
	bool json;
	bool watch;
	int timeout_s; /* --watch: stop after this long */
	const char *image;
	const char *check;
	unsigned check_flags;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: stickler list [--all] [--json] [--image IMAGE]\n"
		"       stickler list --watch [--timeout SECONDS] [...]\n"
		"       stickler list --check TARGET [--image IMAGE] [--any-device] [--unmount]\n"
		"  --all         every disk, with the reason it is not offered\n"
		"  --image IMAGE mark the disk that holds the source image\n"
		"  --watch       print the list again whenever disks change\n"
		"  --check       say whether TARGET may be written, and why not\n");
}

static void on_log(enum stk_level level, const char *msg, void *data)
{
	ui_cli_log(level, msg);
	if (level == STK_LOG_ERR || level == STK_LOG_DEBUG)
		return; /* the caller prints the error once */
	fprintf(stderr, "stickler: %s",
		level == STK_LOG_WARN ? "warning: " : "");
	ui_safe_fputs(msg, stderr);
	fputc('\n', stderr);
}

static void human_size(uint64_t bytes, char *buf, size_t len)
{
	if (bytes >= 1000ull * 1000 * 1000)
		snprintf(buf, len, "%.1f GB", (double)bytes / 1e9);
	else
		snprintf(buf, len, "%.1f MB", (double)bytes / 1e6);
}

static void human_speed(unsigned mbps, char *buf, size_t len)
{
	if (!mbps)
		snprintf(buf, len, "-");
	else if (mbps >= 1000)
		snprintf(buf, len, "%u Gbit/s", mbps / 1000);
	else
		snprintf(buf, len, "%u Mbit/s", mbps);
}

/* Prints @text from column @col, cut to the width, without trailing
 * blanks, then a newline. */
static void put_cut(int col, const char *text)
{
	int room = WIDTH - col;
	int n = (int)strlen(text);

	while (n && text[n - 1] == ' ')
		n--;
	if (n > room)
		printf("%.*s...\n", room - 3, text);
	else
		printf("%.*s\n", n, text);
}

/* Prints @indent spaces and @text cut to the width. */
static void line(int indent, const char *text)
{
	printf("%*s", indent, "");
	put_cut(indent, text);
}

static void print_text(const struct stk_device *d)
{
	char size[32], speed[32], buf[512], head[512];
	int i;

	human_size(d->size_bytes, size, sizeof(size));
	human_speed(d->speed_mbps, speed, sizeof(speed));
	snprintf(buf, sizeof(buf), "%s%s%s", d->vendor,
		 d->vendor[0] && d->model[0] ? " " : "", d->model);
	snprintf(head, sizeof(head), "%-13s %9s  %-5s %-10s ", d->path, size,
		 stk_transport_name(d->transport), speed);
	printf("%s", head);
	put_cut((int)strlen(head), buf[0] ? buf : "-");

	snprintf(buf, sizeof(buf), "serial %s%s%s, %u-byte sectors",
		 d->serial[0] ? d->serial : "unknown",
		 d->removable ? ", removable" : "",
		 d->read_only ? ", read-only" : "", d->sector_bytes);
	line(4, buf);
	if (d->slow_link) {
		human_speed(d->max_speed_mbps, speed, sizeof(speed));
		if (d->speed_mbps <= 12)
			snprintf(
				buf, sizeof(buf),
				"warning: a %s device on a %u Mbit/s (USB 1.1) link: use a USB 2 or USB 3 port",
				speed, d->speed_mbps);
		else
			snprintf(
				buf, sizeof(buf),
				"warning: a %s device on a %u Mbit/s (USB 2) link: use a USB 3 port",
				speed, d->speed_mbps);
		line(4, buf);
	}
	if (d->mountpoint[0] || d->swap) {
		snprintf(buf, sizeof(buf), "whole disk  %s",
			 d->swap ? "[swap]" : d->mountpoint);
		line(4, buf);
	}
	for (i = 0; i < d->n_parts; i++) {
		const struct stk_devpart *p = &d->part[i];

		human_size(p->size_bytes, size, sizeof(size));
		snprintf(buf, sizeof(buf), "%-11s %9s  %s", p->name, size,
			 p->swap ? "[swap]" : p->mountpoint);
		line(4, buf);
	}
	if (!d->offered) {
		snprintf(buf, sizeof(buf), "not offered: %s", d->reason);
		line(4, buf);
	} else if (d->needs_unmount) {
		line(4, "mounted: unmount it first, or write with --unmount");
	}
}

static void json_str(const char *key, const char *s, bool comma, int indent)
{
	printf("%*s\"%s\": ", indent, "", key);
	if (!s) {
		printf("null");
	} else {
		putchar('"');
		for (; *s; s++) {
			unsigned char c = (unsigned char)*s;

			if (c == '"' || c == '\\')
				printf("\\%c", c);
			else if (c < 0x20)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
		putchar('"');
	}
	printf("%s\n", comma ? "," : "");
}

static void json_num(const char *key, unsigned long long v, int indent)
{
	printf("%*s\"%s\": %llu,\n", indent, "", key, v);
}

static void json_bool(const char *key, bool v, bool comma, int indent)
{
	printf("%*s\"%s\": %s%s\n", indent, "", key, v ? "true" : "false",
	       comma ? "," : "");
}

static void print_json(const struct stk_device *d, bool last)
{
	int i;

	printf("    {\n");
	json_str("path", d->path, true, 6);
	json_str("name", d->name, true, 6);
	json_num("size", (unsigned long long)d->size_bytes, 6);
	json_num("sector_size", d->sector_bytes, 6);
	json_str("vendor", d->vendor, true, 6);
	json_str("model", d->model, true, 6);
	json_str("serial", d->serial[0] ? d->serial : NULL, true, 6);
	json_str("transport", stk_transport_name(d->transport), true, 6);
	json_num("speed_mbps", d->speed_mbps, 6);
	json_num("max_speed_mbps", d->max_speed_mbps, 6);
	json_bool("slow_link", d->slow_link, true, 6);
	json_bool("removable", d->removable, true, 6);
	json_bool("read_only", d->read_only, true, 6);
	json_str("mountpoint", d->mountpoint[0] ? d->mountpoint : NULL, true,
		 6);
	json_bool("swap", d->swap, true, 6);
	printf("      \"partitions\": [%s\n", d->n_parts ? "" : "],");
	for (i = 0; i < d->n_parts; i++) {
		const struct stk_devpart *p = &d->part[i];

		printf("        {\n");
		json_str("name", p->name, true, 10);
		json_num("size", (unsigned long long)p->size_bytes, 10);
		json_str("mountpoint", p->mountpoint[0] ? p->mountpoint : NULL,
			 true, 10);
		json_bool("swap", p->swap, false, 10);
		printf("        }%s\n", i + 1 < d->n_parts ? "," : "");
	}
	if (d->n_parts)
		printf("      ],\n");
	json_bool("offered", d->offered, true, 6);
	json_bool("needs_unmount", d->needs_unmount, true, 6);
	json_str("refusal", d->offered ? NULL : stk_refusal_key(d->refusal),
		 true, 6);
	json_str("reason", d->reason[0] ? d->reason : NULL, false, 6);
	printf("    }%s\n", last ? "" : ",");
}

static int print_list(struct stk_ctx *ctx, const struct list_opts *o)
{
	struct stk_devlist *list;
	size_t i, n;
	int rc;

	rc = stk_devlist_new(ctx, o->image, o->all ? STK_DEVLIST_ALL : 0,
			     &list);
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		return rc;
	}
	n = stk_devlist_count(list);
	if (o->json)
		printf("{\n  \"devices\": [\n");
	else if (!n)
		printf("no USB or MMC disk found%s\n",
		       o->all ? "" : " (--all shows every disk)");
	else
		printf("%-13s %9s  %-5s %-10s %s\n", "DEVICE", "SIZE", "BUS",
		       "LINK", "VENDOR MODEL");
	for (i = 0; i < n; i++) {
		if (o->json)
			print_json(stk_devlist_get(list, i), i + 1 == n);
		else
			print_text(stk_devlist_get(list, i));
	}
	if (o->json)
		printf("  ]\n}\n");
	fflush(stdout);
	stk_devlist_free(list);
	return 0;
}

static int check(struct stk_ctx *ctx, const struct list_opts *o)
{
	char path[256];
	int rc;

	rc = stk_device_check_path(ctx, o->check, o->image,
				   o->check_flags | STK_CHECK_NO_OPEN, path,
				   sizeof(path));
	if (rc == -ENOTBLK) {
		printf("'%s' is not a block device: a file target\n", o->check);
		return 0;
	}
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		return rc;
	}
	printf("'%s' may be written\n", path);
	return 0;
}

static int watch(struct stk_ctx *ctx, const struct list_opts *o)
{
	struct stk_devwatch *w;
	double waited = 0;
	int rc;

	rc = stk_devwatch_new(ctx, &w);
	if (rc) {
		ui_error("%s", stk_ctx_errmsg(ctx));
		return rc;
	}
	rc = print_list(ctx, o);
	while (!rc && (!o->timeout_s || waited < o->timeout_s)) {
		rc = stk_devwatch_wait(w, 250);
		waited += 0.25;
		if (rc == 1) {
			printf("# changed\n");
			rc = print_list(ctx, o);
		}
	}
	stk_devwatch_free(w);
	return rc < 0 ? rc : 0;
}

/* 0 to go on, 1 after --help, -EINVAL for a usage error (said once). */
static int parse(int argc, char **argv, struct list_opts *o)
{
	static const struct option longopts[] = {
		{"all", no_argument, NULL, 'A'},
		{"json", no_argument, NULL, 'j'},
		{"watch", no_argument, NULL, 'w'},
		{"any-device", no_argument, NULL, 'a'},
		{"unmount", no_argument, NULL, 'u'},
		{"image", required_argument, NULL, 'i'},
		{"check", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	optind = 1;
	while ((c = ui_getopt(argc, argv, "h", longopts)) != -1) {
		switch (c) {
		case 'A':
			o->all = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'w':
			o->watch = true;
			break;
		case 'a':
			o->check_flags |= STK_CHECK_ANY_DEVICE;
			break;
		case 'u':
			o->check_flags |= STK_CHECK_UNMOUNT;
			break;
		case 'i':
			o->image = optarg;
			break;
		case 'c':
			o->check = optarg;
			break;
		case 't':
			o->timeout_s = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->timeout_s <= 0) {
				ui_error(
					"list: bad --timeout '%s' (whole seconds, more than 0)",
					optarg);
				return -EINVAL;
			}
			break;
		case 'h':
			return 1;
		default:
			return -EINVAL;
		}
	}
	if (optind < argc) {
		ui_error("list: unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct list_opts o = {0};
	struct stk_ctx *ctx;
	int rc;

	rc = parse(argc, argv, &o);
	if (rc) {
		usage(rc > 0 ? stdout : stderr);
		return rc > 0 ? UI_EXIT_OK : UI_EXIT_USAGE;
	}
	ctx = ui_ctx_new();
	if (!ctx)
		return UI_EXIT_FAILED;
	stk_ctx_set_log(ctx, on_log, NULL);
	if (o.check)
		rc = check(ctx, &o);
	else if (o.watch)
		rc = watch(ctx, &o);
	else
		rc = print_list(ctx, &o);
	stk_ctx_free(ctx);
	return ui_exit_code(rc);
}
