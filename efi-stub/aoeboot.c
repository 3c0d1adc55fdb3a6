/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * aoeboot.c - efi_main: gather the payload, pick the AoE mirror, boot Linux.
 *
 * Order matters: the payload is fetched first (over TFTP the firmware's
 * network stack is needed), then the NIC is opened exclusively for AoE.
 */
#include "efi.h"
#include "aoename.h"
#include "con.h"
#include "linux.h"
#include "opts.h"
#include "payload.h"
#include "bootline.h"
#include "link.h"
#include "ui.h"
#include "pxe.h"
#include "ucs2.h"
#include "bytes.h"
#include "err.h"
#include "publish.h"
#include "stubhandoff.h"
#include "bootargs.h"

/* Whether the word at @p (up to a space) contains @c before its end. */
static bool word_has(const char *p, char end, char c)
{
	for (; *p && *p != end; p++)
		if (*p == c)
			return true;
	return false;
}

enum {
	AOEBOOT_CMDLINE_MAX = 4096,
	AOEBOOT_RETRY_WAIT_S = 30,
};

/* aoeboot.* words from the stub's own LoadOptions (UEFI shell arguments,
 * a boot entry's optional data) override the .cmdline ones. Only options
 * of the stub are taken from there, never kernel parameters; text that is
 * not UCS-2 (binary optional data) is ignored. */
static void aoeboot_load_options(EFI_HANDLE image, struct aoeboot_opts *o)
{
	char text[512];
	EFI_LOADED_IMAGE *li;
	const char *p = text;
	size_t len;

	if (EFI_ERROR(BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li)) ||
	    !li->LoadOptions || li->LoadOptionsSize < 2 ||
	    ucs2_to_utf8(text, sizeof(text), li->LoadOptions,
			 li->LoadOptionsSize / 2, &len) != 0)
		return;
	/* The shell passes the program's own name first. */
	while (*p == ' ')
		p++;
	if (*p && !word_has(p, ' ', '='))
		while (*p && *p != ' ')
			p++;
	opts_parse(p, len - (size_t)(p - text), o, NULL, 0);
}

/* The base command line split into the stub's options and the kernel's. */
static EFI_STATUS aoeboot_options(EFI_HANDLE image, const struct payload *pl,
				  struct aoeboot_opts *o, char *ret_line, size_t cap)
{
	size_t skip, len;
	int err;

	opts_default(o);
	len = text_trim_len((const char *)pl->cmdline.data, pl->cmdline.len, &skip);
	err = opts_parse((const char *)pl->cmdline.data + skip, len, o, ret_line, cap);
	if (err) {
		efi_logf("aoeboot: base command line unusable (%u bytes): %s\n",
			 (unsigned)len, ar_strerror(err));
		return efi_status_from_err(err);
	}
	aoeboot_load_options(image, o);
	if (o->n_bad)
		efi_logf("aoeboot: ignored %u bad option(s), the first: %s\n",
			 o->n_bad, o->bad);
	return EFI_SUCCESS;
}

/* Wait for r (retry); any other key or the end of the wait: back to the
 * firmware, which goes on with its next boot option (unattended machines). */
static bool aoeboot_ask_retry(const char *what)
{
	uint64_t end = con_now_ms() + AOEBOOT_RETRY_WAIT_S * 1000;
	int key = AR_KEY_NONE;

	efi_logf("aoeboot: %s\n", what);
	efi_logf("aoeboot: press r to retry; any other key or %d s: back to the firmware\n",
		 AOEBOOT_RETRY_WAIT_S);
	con_flush_keys();
	while (key == AR_KEY_NONE && con_now_ms() < end) {
		key = con_read_key();
		BS->Stall(1000);
	}
	return key == 'r' || key == 'R';
}

/* The DHCP root path and host name (read once, before the first open). */
static struct pxe_dhcp aoeboot_dhcp;
static struct picker_hints aoeboot_hints;

/* The DHCP answer the stub was network-booted with, else (aoeboot.dhcp=1)
 * one asked for on NIC @h; once per run: a missing server costs the
 * firmware's DHCP timeout, not one per rescan. */
static void aoeboot_dhcp_once(EFI_HANDLE image, const struct aoeboot_opts *o, EFI_HANDLE h)
{
	static bool done;
	struct pxe_dhcp *dhcp = &aoeboot_dhcp;
	EFI_STATUS st;

	if (done)
		return;
	done = true;
	pxe_dhcp_read(image, dhcp);
	if (!dhcp->found && o->dhcp) {
		efi_log("aoeboot: asking DHCP for a root path (aoeboot.dhcp=1)\n");
		st = pxe_dhcp_ask(h, dhcp);
		if (EFI_ERROR(st) || !dhcp->found)
			efi_logf("aoeboot: no DHCP answer (%s): choosing without a root path or host name\n",
				 efi_status_str(st));
	}
	pxe_dhcp_hints(dhcp, &aoeboot_hints);
	if (dhcp->root_path[0] && o->verbose)
		efi_logf("aoeboot: DHCP root path: %s\n", dhcp->root_path);
	if (dhcp->hostname[0] && o->verbose)
		efi_logf("aoeboot: DHCP host name: %s\n", dhcp->hostname);
}

/* Choose and open the NIC (pool memory: link_close() + FreePool() it). */
static EFI_STATUS aoeboot_open_nic(EFI_HANDLE image, const struct aoeboot_opts *o,
				   struct link **ret)
{
	struct link *n;
	EFI_HANDLE h;
	uint8_t mac[6];
	char macs[MAC_STR_LEN + 1];
	EFI_STATUS st;

	st = link_find(image, o->has_nic ? o->nic : NULL, &h, mac);
	if (EFI_ERROR(st)) {
		if (o->has_nic) {
			aoename_mac_format(o->nic, macs, sizeof(macs));
			efi_logf("aoeboot: no network card with MAC %s (aoeboot.nic=)\n", macs);
		} else {
			efi_log("aoeboot: no network card with a Simple Network Protocol\n");
		}
		return EFI_NOT_FOUND;
	}
	/* Before the NIC is opened exclusively: that stops the PXE stack. */
	aoeboot_dhcp_once(image, o, h);
	n = AllocateZeroPool(sizeof(*n));
	if (!n)
		return EFI_OUT_OF_RESOURCES;
	n->vid = o->vlan;
	st = link_open(n, image, h);
	if (EFI_ERROR(st)) {
		FreePool(n);
		return st;
	}
	*ret = n;
	return EFI_SUCCESS;
}

/* Choose and open the NIC, discover, pick: the kernel arguments, made
 * from the handoff record of the accepted members (stubhandoff.h). */
static EFI_STATUS aoeboot_pick(EFI_HANDLE image, const struct aoeboot_opts *o,
			       char *ret_args, size_t cap)
{
	struct handoff h;
	struct link *n;
	EFI_STATUS st;

	st = aoeboot_open_nic(image, o, &n);
	if (EFI_ERROR(st))
		return st;
	st = ui_run(n, o, &aoeboot_hints, ret_args, cap, NULL, &h);
	if (!EFI_ERROR(st))
		st = stub_handoff_store(&h, o->verbose, ret_args, cap);
	link_close(n);
	FreePool(n);
	return st;
}

/* The next loader returned, or the disks could not be published: take
 * them back before the NIC. A disk that cannot be withdrawn still points
 * at this image's code, so the stub must not return to the firmware. */
static void aoeboot_unpublish(struct publish *p, struct link *n)
{
	if (EFI_ERROR(publish_withdraw(p))) {
		efi_log("aoeboot: cannot return to the firmware safely: press a key to reset\n");
		con_flush_keys();
		while (con_read_key() == AR_KEY_NONE)
			BS->Stall(10000);
		RT->ResetSystem(EfiResetCold, EFI_ABORTED, 0, NULL);
	}
	link_close(n);
	FreePool(n);
}

/* aoeboot.publish=1: pick, publish the fresh members as disks, start the
 * next loader (docs/efi-publish.md); loops on retry. */
static EFI_STATUS aoeboot_publish(EFI_HANDLE image, const struct aoeboot_opts *o)
{
	char args[BOOTARGS_TEXT_MAX];
	struct choose_result *m;
	struct handoff h;
	struct publish *p;
	struct link *n;
	EFI_STATUS st;

	m = AllocateZeroPool(sizeof(*m));
	if (!m)
		return EFI_OUT_OF_RESOURCES;
	for (;;) {
		st = aoeboot_open_nic(image, o, &n);
		if (!EFI_ERROR(st)) {
			st = ui_run(n, o, &aoeboot_hints, args, sizeof(args), m, &h);
			if (EFI_ERROR(st)) {
				link_close(n);
				FreePool(n);
			}
		}
		if (st == EFI_ABORTED) {
			efi_log("aoeboot: cancelled: returning to the firmware\n");
			break;
		}
		if (EFI_ERROR(st)) {
			if (aoeboot_ask_retry("cannot discover the AoE targets"))
				continue;
			break;
		}
		st = publish_disks(n, m, o->verbose, &p);
		if (EFI_ERROR(st)) {
			link_close(n);
			FreePool(n);
			if (aoeboot_ask_retry("no disk published"))
				continue;
			break;
		}
		/* Linux is told only what was published (stubhandoff.h). */
		stub_handoff_published(&h, p);
		if (!EFI_ERROR(stub_handoff_store(&h, o->verbose, args, sizeof(args)))) {
			st = publish_args_var(args);
			if (EFI_ERROR(st))
				efi_logf("aoeboot: cannot set the %s variable: %s\n",
					 PUBLISH_ARGS_VAR, efi_status_str(st));
			else if (o->verbose)
				efi_logf("aoeboot: %s=%s\n", PUBLISH_ARGS_VAR, args);
		}
		if (o->verbose)
			efi_logf("aoeboot: %u ms after the stub started\n", (unsigned)con_now_ms());
		st = publish_start_next(image, o->next);
		aoeboot_unpublish(p, n);
		if (!aoeboot_ask_retry(st == EFI_SECURITY_VIOLATION || st == EFI_ACCESS_DENIED ?
				       "the next loader was refused (Secure Boot)" :
				       "the next loader could not be started or returned"))
			break;
	}
	FreePool(m);
	return st;
}

/* Pick, build the command line, boot; loops on retry. */
static EFI_STATUS aoeboot_run(EFI_HANDLE image, const struct payload *pl,
			      const struct aoeboot_opts *o, const char *base)
{
	static char line[AOEBOOT_CMDLINE_MAX];
	char args[BOOTARGS_TEXT_MAX];
	EFI_STATUS st;
	int err;

	for (;;) {
		st = aoeboot_pick(image, o, args, sizeof(args));
		if (st == EFI_ABORTED) {
			efi_log("aoeboot: cancelled: returning to the firmware\n");
			return st;
		}
		if (EFI_ERROR(st)) {
			if (aoeboot_ask_retry("cannot discover the AoE targets"))
				continue;
			return st;
		}
		CopyMem(line, (void *)base, ar_strlen(base) + 1);
		/* The arguments carry aoe_vlan= already (choose_args()). */
		err = bootline_inject(line, sizeof(line), args);
		if (err) {
			efi_logf("aoeboot: cannot add '%s' to the command line: %s\n",
				 args, ar_strerror(err));
			return efi_status_from_err(err);
		}
		if (o->verbose)
			efi_logf("aoeboot: command line: %s\n", line);
		if (o->verbose)
			efi_logf("aoeboot: starting the kernel %u ms after the stub started\n",
				 (unsigned)con_now_ms());
		st = linux_boot(image, pl->kernel.data, pl->kernel.len,
				pl->initrd.data, pl->initrd.len, line);
		if (!aoeboot_ask_retry(st == EFI_SECURITY_VIOLATION || st == EFI_ACCESS_DENIED ?
				       "the kernel was refused (Secure Boot: sign it with an enrolled key)" :
				       "the kernel could not be started"))
			return st;
	}
}

/* efi_main is called by gnu-efi's crt0 with the SysV ABI: not EFIAPI. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static char cmdline[AOEBOOT_CMDLINE_MAX];
	struct aoeboot_opts o;
	struct payload pl;
	EFI_STATUS st;

	InitializeLib(image, systab);
	con_clock_init();
	efi_log("aoeboot: starting\n");
	/* The kernel may be missing in publish mode: known after the options. */
	st = payload_load(image, &pl, true);
	if (EFI_ERROR(st))
		return st;
	st = aoeboot_options(image, &pl, &o, cmdline, sizeof(cmdline));
	if (EFI_ERROR(st))
		goto out;
	if (o.publish) {
		if (o.verbose)
			efi_logf("aoeboot: publish mode: the members become UEFI disks, "
				 "then %s starts\n", o.next);
		st = aoeboot_publish(image, &o);
		goto out;
	}
	if (pl.kernel_src == PAYLOAD_NONE) {
		efi_log(pl.no_kernel);
		st = EFI_NOT_FOUND;
		goto out;
	}
	if (o.verbose)
		efi_logf("aoeboot: kernel %u bytes (%s), initrd %u bytes (%s), "
			 "command line (%s)\n",
			 (unsigned)pl.kernel.len, payload_src_name(pl.kernel_src),
			 (unsigned)pl.initrd.len, payload_src_name(pl.initrd_src),
			 payload_src_name(pl.cmdline_src));
	st = aoeboot_run(image, &pl, &o, cmdline);
out:
	payload_free(&pl);
	return st;
}
