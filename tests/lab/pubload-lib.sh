# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Helpers of t-efi-publish-busy.sh and t-efi-publish-loss.sh (issue 27):
# repeated publish-mode boots (aoeboot.efi -> Debian's shim + GRUB reading
# the mirror through the published disks) under host load or frame loss.
# Load with `lab_use initrd efi netboot pubload`.
#
#   pl_setup             members with the mirror's /boot, the publish ESP
#                        (aoeboot.verbose=2: per-read and NIC counters),
#                        both servers up.
#   pl_boot N            boot N of the run, up to the kernel's start: the
#                        stub's network path ends at ExitBootServices (the
#                        root after that is t-efi-publish-healthy's). Fails
#                        on any failed member, GRUB read error, or a kernel
#                        that does not start.
#   pl_summary           totals of the stub's counters over the run.
#   PL_ON_BOOT, PL_ON_KERNEL  commands run before each boot and once the
#                        kernel starts.
#
# LAB_REPEAT (default 3, the CI value) sets the number of boots; the
# nightly command runs 20 (tests/README.md, "Nightly: publish-mode boots
# under load and loss").

PL_REPEAT=${LAB_REPEAT:-3}

pl_setup() {
	efi_need_signed
	efi_payload
	nb_rootfs "$LAB_TMP/fresh.ext4" fresh
	nb_put_member "$LAB_M0" "$LAB_TMP/fresh.ext4"
	nb_put_member "$LAB_M1" "$LAB_TMP/fresh.ext4"
	rm -f "$LAB_TMP/fresh.ext4"
	efi_publish_esp "$LAB_TMP/esp" "aoeboot.publish=1 aoeboot.timeout=1 aoeboot.verbose=2"
	lab_esp_image "$LAB_TMP/esp" "$LAB_TMP/esp-pl.img"
	efi_servers
	: > "$LAB_TMP/pl-nic.txt"
}

pl_fail() {
	echo "FAIL: boot $1: $2"
	lab_serial_tail 40
	cp "$LAB_TMP/serial.log" "$LAB_TMP/serial-boot$1.log"
	exit 1
}

pl_boot() {
	local i=$1 nic retx resets slow
	${PL_ON_BOOT:-:}
	LAB_MEM=768 lab_qemu_ovmf "$LAB_TMP/esp-pl.img"
	lab_expect 'aoeboot: publish mode' 180 || pl_fail "$i" "the stub did not start"
	lab_expect 'aoeboot: starting the next loader' 180 || pl_fail "$i" "nothing published"
	lab_expect 'AOE-MIRROR-CFG fresh' 300 || pl_fail "$i" "GRUB did not read the mirror's grub.cfg"
	lab_expect 'AOE-MIRROR-INITRD-LOADED fresh' 600 || pl_fail "$i" "kernel + initrd not loaded"
	lab_expect '\] Command line: BOOT_IMAGE=/boot/vmlinuz' 180 || pl_fail "$i" "the kernel did not start"
	${PL_ON_KERNEL:-:}
	lab_qemu_kill
	for m in e0.0 e0.1; do
		lab_grep "aoeboot: published ${m//./\\.} as a read-only UEFI disk" >/dev/null ||
			pl_fail "$i" "$m was not published"
	done
	lab_grep '^aoeboot: disk e[0-9]+\.[0-9]+ failed:' >/dev/null && pl_fail "$i" "a published member was failed"
	lab_grep 'error: .*(failure reading|read|sector|disk)' >/dev/null && pl_fail "$i" "GRUB reported a read error"
	# The proof the transmit path kept moving: the stub's counters
	# (aoeboot.verbose=2: each disk's totals every 64 reads, with the NIC's).
	nic=$(lab_grep 'nic: tx [0-9]+ refused' | tail -1 | sed 's/.*nic: /nic: /')
	retx=$(for m in e0.0 e0.1; do lab_grep "^aoeboot: disk ${m//./\\.} totals: " | tail -1; done |
		awk '{for (k = 1; k < NF; k++) if ($k == "retx") s += $(k + 1)} END {print s + 0}')
	resets=$(lab_grep 'aoeboot: network card reset' | wc -l)
	slow=$(lab_grep '^aoeboot: disk e0\.[01] read [0-9]+\+[0-9]+ in ' | wc -l)
	echo "boot $i/$PL_REPEAT: ok at $(lab_elapsed) s; retransmits $retx (totals lines), NIC resets $resets, slow or refused reads $slow; last ${nic:-nic: (no counters printed)}"
	echo "$i $retx $resets $slow" >> "$LAB_TMP/pl-nic.txt"
}

pl_summary() {
	awk '{n++; r += $2; z += $3; w += $4} END {printf "%d boots, 0 failed; retransmits %d, NIC resets %d, slow or refused reads %d\n", n, r, z, w}' "$LAB_TMP/pl-nic.txt"
}
