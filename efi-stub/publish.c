/* SPDX-License-Identifier: GPL-3.0-or-later */
/* publish.c - the mirror's fresh members as UEFI disks (see publish.h). */
#include "publish.h"
#include "con.h"
#include "aread.h"
#include "aoename.h"
#include "selection.h"
#include "bytes.h"
#include "err.h"

enum {
	PUB_SECTOR = 512,
	PUB_MEDIA_ID = 0xa0e1,      /* any constant: the media never changes */
	PUB_DEAD_LOGS = 4,          /* "not read: dead" lines per disk (verbose=2) */
	PUB_SLOW_MS = 1000,         /* verbose=2: a read this slow says so */
	PUB_SAY_EVERY = 64,         /* verbose=2: a disk's totals every N reads */
};

/* The vendor messaging node after the NIC's MAC node (docs/efi-publish.md). */
struct pub_dp_node {
	EFI_DEVICE_PATH_PROTOCOL hdr;  /* MESSAGING_DEVICE_PATH, MSG_VENDOR_DP, 23 */
	EFI_GUID guid;                 /* PUBLISH_DP_GUID */
	uint8_t shelf[2];              /* little-endian */
	uint8_t slot;
} __attribute__((packed));

struct pub_disk {
	EFI_BLOCK_IO bio;              /* first: a call's This is the disk */
	EFI_BLOCK_IO_MEDIA media;
	EFI_HANDLE handle;
	EFI_DEVICE_PATH *dp;
	bool has_dp, has_bio;
	char name[16];                 /* "e0.1" */
	char mac[18];
	struct link *net;               /* the shared NIC (its counters at verbose=2) */
	unsigned verbose;
	bool dead;                     /* a read timed out: fail fast from now on */
	uint64_t dead_lba;
	unsigned dead_logs;
	uint64_t reads, sectors;
	struct aread_target t;
	struct aread r;
};

struct publish {
	EFI_EVENT ebs;
	size_t n;
	struct pub_disk *d[UI_MAX_MEMBERS];
};

static EFI_GUID pub_dp_guid = PUBLISH_DP_GUID;
static EFI_GUID pub_var_guid = {
	SELECTION_EFI_VAR_GUID_DATA1, SELECTION_EFI_VAR_GUID_DATA2,
	SELECTION_EFI_VAR_GUID_DATA3, SELECTION_EFI_VAR_GUID_DATA4
};

/* Set by the ExitBootServices notification: from then on the NIC is the
 * kernel's and boot services are gone, so no read may touch either. */
static volatile bool pub_exited;

static VOID EFIAPI pub_on_exit(EFI_EVENT ev, VOID *ctx)
{
	(void)ev;
	(void)ctx;
	pub_exited = true;
}

static void pub_read_error(struct pub_disk *d, int rc)
{
	const struct aread_error *e = &d->r.error;

	switch (e->kind) {
	case AREAD_FAIL_TIMEOUT:
		/* The one line a member's death leaves (reads of it fail at
		 * once from now on, so the loader's md reads the other one). */
		efi_logf("aoeboot: disk %s failed: no answer from %s at sector %lu\n",
			 d->name, d->mac, (unsigned long)e->lba);
		break;
	case AREAD_FAIL_AOE:
		efi_logf("aoeboot: disk %s sector %lu: AoE error %u: %s\n", d->name,
			 (unsigned long)e->lba, (unsigned)e->code, aoe_error_str((uint8_t)e->code));
		break;
	case AREAD_FAIL_ATA:
		efi_logf("aoeboot: disk %s sector %lu: ATA error: status 0x%x error 0x%x\n",
			 d->name, (unsigned long)e->lba, (unsigned)(e->code >> 8),
			 (unsigned)(e->code & 0xff));
		break;
	default:
		efi_logf("aoeboot: disk %s sector %lu: %s\n", d->name,
			 (unsigned long)e->lba, ar_strerror(rc));
		break;
	}
}

/* verbose=2: a read that needed refused sends or a NIC reset, or took
 * over PUB_SLOW_MS, says so; every PUB_SAY_EVERY reads a disk prints its
 * totals. Both with the NIC's counters: the proof that the transmit path
 * keeps moving under load and loss (a line per read would flood the
 * console: GRUB reads 64 sectors at a time). */
static void pub_read_say(const struct pub_disk *d, const struct aread_stats *b,
			 uint64_t lba, uint64_t n, uint64_t ms)
{
	const struct aread_stats *a = &d->r.stats;

	if (a->send_errors != b->send_errors || a->recoveries != b->recoveries ||
	    ms >= PUB_SLOW_MS) {
		efi_logf("aoeboot: disk %s read %lu+%lu in %lu ms: tx %u retx %u refused %u "
			 "resets %u rto %u ms; ", d->name, (unsigned long)lba, (unsigned long)n,
			 (unsigned long)ms, a->tx - b->tx, a->retransmits - b->retransmits,
			 a->send_errors - b->send_errors, a->recoveries - b->recoveries,
			 (unsigned)d->t.rto_ms);
		link_stats_say(d->net, "");
	}
	if ((d->reads + 1) % PUB_SAY_EVERY == 0) {
		efi_logf("aoeboot: disk %s totals: %lu reads, %lu sectors: tx %u retx %u timeouts %u "
			 "refused %u resets %u; ", d->name, (unsigned long)d->reads + 1,
			 (unsigned long)(d->sectors + n), a->tx, a->retransmits, a->timeouts,
			 a->send_errors, a->recoveries);
		link_stats_say(d->net, "");
	}
}

static EFI_STATUS EFIAPI pub_reset(EFI_BLOCK_IO *This, BOOLEAN ext)
{
	(void)This;
	(void)ext;
	return EFI_SUCCESS;
}

static EFI_STATUS EFIAPI pub_read(EFI_BLOCK_IO *This, UINT32 media_id, EFI_LBA lba,
				  UINTN size, VOID *buf)
{
	struct pub_disk *d = (struct pub_disk *)This;
	struct aread_stats before;
	uint64_t n, t0;
	int rc;

	/* After ExitBootServices: no console, no NIC; just refuse. */
	if (pub_exited)
		return EFI_DEVICE_ERROR;
	if (media_id != d->media.MediaId)
		return EFI_MEDIA_CHANGED;
	if (size == 0)
		return EFI_SUCCESS;
	if (!buf)
		return EFI_INVALID_PARAMETER;
	if (size % PUB_SECTOR)
		return EFI_BAD_BUFFER_SIZE;
	n = size / PUB_SECTOR;
	if (lba > d->media.LastBlock || n > d->media.LastBlock - lba + 1)
		return EFI_INVALID_PARAMETER;
	if (d->dead) {
		if (d->verbose >= 2 && d->dead_logs < PUB_DEAD_LOGS && ++d->dead_logs)
			efi_logf("aoeboot: disk %s sector %lu: not read: the target stopped "
				 "answering (timeout at sector %lu)%s\n", d->name,
				 (unsigned long)lba, (unsigned long)d->dead_lba,
				 d->dead_logs == PUB_DEAD_LOGS ? "; further refusals not shown" : "");
		return EFI_DEVICE_ERROR;
	}
	before = d->r.stats;
	t0 = con_now_ms();
	rc = aread_start(&d->r, lba, n, buf);
	while (rc == 0)
		rc = aread_pump(&d->r);
	if (d->verbose >= 2)
		pub_read_say(d, &before, lba, n, con_now_ms() - t0);
	if (rc == 1) {
		d->reads++;
		d->sectors += n;
		return EFI_SUCCESS;
	}
	pub_read_error(d, rc);
	if (d->verbose >= 2)
		link_stats_say(d->net, "aoeboot: ");
	/* As md fails a member: firmware and GRUB retry the same disk block by
	 * block, and each timeout costs seconds before the other half is read. */
	if (d->r.error.kind == AREAD_FAIL_TIMEOUT) {
		d->dead = true;
		d->dead_lba = d->r.error.lba;
	}
	return EFI_DEVICE_ERROR;
}

static EFI_STATUS EFIAPI pub_write(EFI_BLOCK_IO *This, UINT32 media_id, EFI_LBA lba,
				   UINTN size, VOID *buf)
{
	struct pub_disk *d = (struct pub_disk *)This;

	(void)media_id;
	(void)size;
	(void)buf;
	if (!pub_exited)
		efi_logf("aoeboot: disk %s is read-only: write at sector %lu refused\n",
			 d->name, (unsigned long)lba);
	return EFI_WRITE_PROTECTED;
}

static EFI_STATUS EFIAPI pub_flush(EFI_BLOCK_IO *This)
{
	(void)This;
	return EFI_SUCCESS;
}

static EFI_STATUS pub_one(struct link *n, EFI_DEVICE_PATH *nic_dp,
			  const struct choose_member *m, unsigned verbose,
			  struct pub_disk **ret)
{
	struct ar_platform plat;
	struct pub_dp_node node;
	struct pub_disk *d;
	EFI_STATUS st;
	int rc;

	d = AllocateZeroPool(sizeof(*d));
	if (!d)
		return EFI_OUT_OF_RESOURCES;
	*ret = d;
	aoe_name_format(m->t.shelf, m->t.slot, d->name, sizeof(d->name));
	aoename_mac_format(m->t.mac, d->mac, sizeof(d->mac));
	d->t = m->t;
	d->net = n;
	d->verbose = verbose;
	link_platform(n, &plat);
	rc = aread_init(&d->r, &plat, &d->t, NULL);
	if (rc) {
		efi_logf("aoeboot: disk %s: read engine: %s\n", d->name, ar_strerror(rc));
		return efi_status_from_err(rc);
	}
	d->media.MediaId = PUB_MEDIA_ID;
	d->media.RemovableMedia = FALSE;
	d->media.MediaPresent = TRUE;
	d->media.LogicalPartition = FALSE;
	d->media.ReadOnly = TRUE;
	d->media.WriteCaching = FALSE;
	d->media.BlockSize = PUB_SECTOR;
	d->media.IoAlign = 0;
	d->media.LastBlock = d->t.sectors - 1;
	d->bio.Revision = EFI_BLOCK_IO_PROTOCOL_REVISION;
	d->bio.Media = &d->media;
	d->bio.Reset = pub_reset;
	d->bio.ReadBlocks = pub_read;
	d->bio.WriteBlocks = pub_write;
	d->bio.FlushBlocks = pub_flush;

	ar_memset(&node, 0, sizeof(node));
	node.hdr.Type = MESSAGING_DEVICE_PATH;
	node.hdr.SubType = MSG_VENDOR_DP;
	node.hdr.Length[0] = sizeof(node);
	node.hdr.Length[1] = 0;
	node.guid = pub_dp_guid;
	node.shelf[0] = (uint8_t)(m->t.shelf & 0xff);
	node.shelf[1] = (uint8_t)(m->t.shelf >> 8);
	node.slot = m->t.slot;
	d->dp = AppendDevicePathNode(nic_dp, (EFI_DEVICE_PATH *)&node);
	if (!d->dp)
		return EFI_OUT_OF_RESOURCES;
	st = BS->InstallProtocolInterface(&d->handle, &DevicePathProtocol,
					  EFI_NATIVE_INTERFACE, d->dp);
	if (EFI_ERROR(st))
		return st;
	d->has_dp = true;
	st = BS->InstallProtocolInterface(&d->handle, &BlockIoProtocol,
					  EFI_NATIVE_INTERFACE, &d->bio);
	if (EFI_ERROR(st))
		return st;
	d->has_bio = true;
	return EFI_SUCCESS;
}

/* Uninstall and free @d; false when it stays installed (then its memory
 * is kept and every read fails). */
static bool pub_free(struct pub_disk *d)
{
	if (!d)
		return true;
	if (d->has_bio && !EFI_ERROR(BS->UninstallProtocolInterface(d->handle, &BlockIoProtocol, &d->bio)))
		d->has_bio = false;
	if (d->has_dp && !d->has_bio &&
	    !EFI_ERROR(BS->UninstallProtocolInterface(d->handle, &DevicePathProtocol, d->dp)))
		d->has_dp = false;
	if (d->has_bio || d->has_dp) {
		/* Still installed: keep the memory, fail every read. */
		d->dead = true;
		d->dead_logs = PUB_DEAD_LOGS;
		return false;
	}
	if (d->dp)
		FreePool(d->dp);
	FreePool(d);
	return true;
}

EFI_STATUS publish_disks(struct link *n, const struct choose_result *m,
			 unsigned verbose, struct publish **ret)
{
	EFI_DEVICE_PATH *nic_dp;
	struct publish *p;
	EFI_STATUS st;
	size_t i;

	*ret = NULL;
	nic_dp = DevicePathFromHandle(n->handle);
	if (!nic_dp) {
		efi_log("aoeboot: the network card has no device path: nothing published\n");
		return EFI_UNSUPPORTED;
	}
	p = AllocateZeroPool(sizeof(*p));
	if (!p)
		return EFI_OUT_OF_RESOURCES;
	pub_exited = false;
	st = BS->CreateEvent(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_NOTIFY, pub_on_exit, NULL, &p->ebs);
	if (EFI_ERROR(st)) {
		/* Without the hook a read after ExitBootServices could not be
		 * refused: publish nothing. */
		efi_logf("aoeboot: cannot hook ExitBootServices: %s: nothing published\n",
			 efi_status_str(st));
		FreePool(p);
		return st;
	}
	for (i = 0; i < m->n; i++) {
		/* Only the members common/choose decided on (mdsel's rules:
		 * never a stale one, a split-brain half or a duplicate). */
		const struct choose_member *mb = &m->m[i];
		char name[16];

		aoe_name_format(mb->t.shelf, mb->t.slot, name, sizeof(name));
		st = pub_one(n, nic_dp, mb, verbose, &p->d[p->n]);
		if (EFI_ERROR(st)) {
			efi_logf("aoeboot: %s not published: %s\n", name, efi_status_str(st));
			pub_free(p->d[p->n]);
			p->d[p->n] = NULL;
			continue;
		}
		efi_logf("aoeboot: published %s as a read-only UEFI disk: %lu sectors, "
			 "from %s, %u sectors/frame, window %u\n", name,
			 (unsigned long)p->d[p->n]->t.sectors, p->d[p->n]->mac,
			 (unsigned)p->d[p->n]->r.spf, (unsigned)p->d[p->n]->r.wmax);
		p->n++;
	}
	for (i = 0; i < m->n_readd; i++) {
		char name[16];

		aoe_name_format(m->readd_shelf[i], m->readd_slot[i], name, sizeof(name));
		efi_logf("aoeboot: %s not published: stale (GRUB's mdraid1x would read it "
			 "as if fresh)\n", name);
	}
	if (p->n == 0) {
		efi_log("aoeboot: no fresh member to publish\n");
		publish_withdraw(p);
		return EFI_NOT_FOUND;
	}
	/* Partition, disk I/O and file system drivers bind now, as they do
	 * for a disk found at boot; GRUB's efidisk uses Block I/O itself. */
	for (i = 0; i < p->n; i++) {
		st = BS->ConnectController(p->d[i]->handle, NULL, NULL, TRUE);
		if (verbose >= 2 || (EFI_ERROR(st) && st != EFI_NOT_FOUND))
			efi_logf("aoeboot: connect %s: %s\n", p->d[i]->name, efi_status_str(st));
	}
	*ret = p;
	return EFI_SUCCESS;
}

bool publish_has(const struct publish *p, uint16_t shelf, uint8_t slot)
{
	size_t i;

	for (i = 0; p && i < p->n; i++)
		if (p->d[i] && p->d[i]->t.shelf == shelf && p->d[i]->t.slot == slot)
			return true;
	return false;
}

EFI_STATUS publish_args_var(const char *args)
{
	CHAR16 name[32];
	const char *s = PUBLISH_ARGS_VAR;
	size_t i;

	for (i = 0; s[i] && i + 1 < 32; i++)
		name[i] = (CHAR16)s[i];
	name[i] = 0;
	return RT->SetVariable(name, &pub_var_guid,
			       EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS,
			       ar_strlen(args), (void *)args);
}

EFI_STATUS publish_start_next(EFI_HANDLE image, const char *path)
{
	CHAR16 wpath[OPTS_NEXT_MAX];
	EFI_LOADED_IMAGE *li;
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE child = NULL;
	EFI_STATUS st;
	size_t i;

	for (i = 0; path[i] && i + 1 < OPTS_NEXT_MAX; i++)
		wpath[i] = (CHAR16)(unsigned char)path[i];
	wpath[i] = 0;
	st = BS->HandleProtocol(image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	dp = FileDevicePath(li->DeviceHandle, wpath);
	if (!dp)
		return EFI_OUT_OF_RESOURCES;
	efi_logf("aoeboot: starting the next loader %s\n", path);
	st = BS->LoadImage(FALSE, image, dp, NULL, 0, &child);
	FreePool(dp);
	if (EFI_ERROR(st)) {
		efi_logf("aoeboot: cannot load %s: %s%s\n", path, efi_status_str(st),
			 st == EFI_SECURITY_VIOLATION || st == EFI_ACCESS_DENIED ?
			 " (Secure Boot: not signed by a key in db)" :
			 st == EFI_NOT_FOUND ? " (no such file on the stub's volume; aoeboot.next=)" : "");
		return st;
	}
	st = BS->StartImage(child, NULL, NULL);
	efi_logf("aoeboot: %s returned: %s\n", path, efi_status_str(st));
	return st;
}

EFI_STATUS publish_withdraw(struct publish *p)
{
	EFI_STATUS first = EFI_SUCCESS, st;
	size_t i;

	if (!p)
		return EFI_SUCCESS;
	for (i = 0; i < p->n; i++) {
		struct pub_disk *d = p->d[i];

		if (d)
			BS->DisconnectController(d->handle, NULL, NULL);
		st = pub_free(d) ? EFI_SUCCESS : EFI_ACCESS_DENIED;
		if (EFI_ERROR(st) && !EFI_ERROR(first))
			first = st;
	}
	if (EFI_ERROR(first)) {
		/* The disks stay (failing reads), so do the hook and its memory. */
		efi_log("aoeboot: a published disk could not be withdrawn\n");
		return first;
	}
	if (p->ebs)
		BS->CloseEvent(p->ebs);
	FreePool(p);
	return EFI_SUCCESS;
}
