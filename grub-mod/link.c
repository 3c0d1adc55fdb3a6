/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * link.c - struct ar_platform over GRUB 2.06 (x86_64-efi efinet cards,
 * i386-pc's one pxe card).
 *
 * GRUB's own stack drops every EtherType but ARP and IP, with no hook, so
 * the module owns the card: it opens it the way net.c does, sends whole
 * frames through card->driver->send in a netbuff and polls
 * card->driver->recv. efinet truncates frames longer than card->mtu, and
 * GRUB's idle polling may eat replies on a card with interfaces: the
 * discovery engine retransmits.
 *
 * i386-pc's pxe card (docs/firmware.md, "Legacy BIOS PXE") has the same
 * shape: send is PXENV_UNDI_TRANSMIT with protocol 0 (the frame carries its
 * own Ethernet header), recv walks PXENV_UNDI_ISR and returns the whole
 * frame or NULL, open is PXENV_UNDI_OPEN in promiscuous mode (so frames for
 * other MACs arrive too: the engine matches tags and our MAC). Each call
 * is a real-mode switch through a fixed 36 KiB scratch area, so a frame
 * fits; the card exists only when the PXE ROM loaded GRUB and drives only
 * the NIC it booted from.
 */
#include <grub/net.h>
#include <grub/net/netbuff.h>
#include <grub/misc.h>
#include <grub/mm.h>
#include <grub/time.h>
#include <grub/term.h>
#include <grub/err.h>

#ifdef GRUB_MACHINE_EFI
#include <grub/efi/api.h>
#include <grub/efi/efi.h>
#endif

#include "aoe-grub.h"
#include "err.h"
#include "aoename.h"

enum { ETH_MIN_FRAME = 60 };

/*
 * efinet keeps one transmit buffer: a send first waits (up to 4 s) for
 * GetStatus to give the previous frame back, so it never reuses a buffer
 * the NIC holds; but once the NIC stops giving buffers back every send
 * costs those 4 s and fails (card->txbusy stays set). The module then
 * reinitialises the card the way efinet's open_card brings it up
 * (Shutdown + Initialize, unicast + broadcast + multicast filters) and
 * clears txbusy: the NIC dropped its queue. The same reset answers the
 * read engine's recover() (a frame unanswered for half its tries), so a
 * wedged card is revived before any member is given up. i386-pc's UNDI
 * has no such reset: there the engine just retransmits.
 */
#ifdef GRUB_MACHINE_EFI
static int
link_reset (struct grub_net_card *card, const char *why)
{
  grub_efi_simple_network_t *net = card->efi_net;
  grub_uint32_t filters;

  if (!net || grub_strncmp (card->name, "efinet", 6) != 0)
    return AR_ENOTSUP;
  grub_printf ("aoe: %s: reset (%s)\n", card->name, why);
  if (net->mode->state == GRUB_EFI_NETWORK_INITIALIZED)
    efi_call_1 (net->shutdown, net);
  if (net->mode->state == GRUB_EFI_NETWORK_STOPPED)
    efi_call_1 (net->start, net);
  if (net->mode->state != GRUB_EFI_NETWORK_STARTED
      || efi_call_3 (net->initialize, net, 0, 0) != GRUB_EFI_SUCCESS)
    {
      grub_printf ("aoe: %s did not come back\n", card->name);
      return AR_EIO;
    }
  filters = (GRUB_EFI_SIMPLE_NETWORK_RECEIVE_UNICAST
	     | GRUB_EFI_SIMPLE_NETWORK_RECEIVE_BROADCAST
	     | GRUB_EFI_SIMPLE_NETWORK_RECEIVE_PROMISCUOUS_MULTICAST)
    & net->mode->receive_filter_mask;
  if (net->mode->receive_filter_mask)
    efi_call_6 (net->receive_filters, net, filters, 0, 0, 0, NULL);
  card->txbusy = 0;
  return 0;
}
#else
static int
link_reset (struct grub_net_card *card __attribute__ ((unused)),
	    const char *why __attribute__ ((unused)))
{
  return AR_ENOTSUP;
}
#endif

static int
link_recover (void *ctx)
{
  return link_reset (ctx, "a frame went unanswered for half its tries");
}

static int
link_send (void *ctx, const uint8_t *frame, size_t len)
{
  struct grub_net_card *card = ctx;
  struct grub_net_buff *nb;
  grub_size_t padded = len < ETH_MIN_FRAME ? ETH_MIN_FRAME : len;
  grub_err_t err;

  /* + 4: an 802.1Q tag (common/vlan.c) rides outside the MTU */
  if (len > card->mtu + 18 && len > 1518)
    return AR_EMSGSIZE;
  nb = grub_netbuff_alloc (padded);
  if (!nb)
    {
      grub_errno = GRUB_ERR_NONE;
      return AR_ENOMEM;
    }
  if (grub_netbuff_put (nb, padded))
    {
      grub_netbuff_free (nb);
      grub_errno = GRUB_ERR_NONE;
      return AR_ENOMEM;
    }
  grub_memset (nb->data, 0, padded);
  grub_memcpy (nb->data, frame, len);
  err = card->driver->send (card, nb);
  if (err)
    {
      /* efinet waited 4 s for its buffer: the card is wedged. */
      grub_errno = GRUB_ERR_NONE;
      if (link_reset (card, "the card kept its transmit buffer") == 0)
	err = card->driver->send (card, nb);
      grub_errno = GRUB_ERR_NONE;
    }
  grub_netbuff_free (nb);
  if (err)
    return AR_EIO;
  return 0;
}

static int
link_recv (void *ctx, uint8_t *buf, size_t cap, size_t *ret_len)
{
  struct grub_net_card *card = ctx;
  struct grub_net_buff *nb;
  grub_size_t len;

  nb = card->driver->recv (card);
  if (!nb)
    {
      grub_errno = GRUB_ERR_NONE;
      return AR_EAGAIN;
    }
  len = nb->tail - nb->data;
  if (len > cap)
    len = cap;
  grub_memcpy (buf, nb->data, len);
  grub_netbuff_free (nb);
  *ret_len = len;
  return 0;
}

static void
link_get_mac (void *ctx, uint8_t ret_mac[6])
{
  struct grub_net_card *card = ctx;

  grub_memcpy (ret_mac, card->default_address.mac, 6);
}

static uint64_t
plat_now_ms (void *ctx __attribute__ ((unused)))
{
  return grub_get_time_ms ();
}

static const struct ar_platform_ops link_ops = {
  .send = link_send,
  .recv = link_recv,
  .get_mac = link_get_mac,
  .now_ms = plat_now_ms,
  .recover = link_recover,
};

struct grub_net_card *
aoe_grub_card_find (const char *spec)
{
  struct grub_net_card *card;
  uint8_t mac[6];
  int by_mac = spec && aoename_mac_parse (spec, grub_strlen (spec), mac) == 0;

  FOR_NET_CARDS (card)
    {
      if (!spec)
	return card;
      if (by_mac ? grub_memcmp (card->default_address.mac, mac, 6) == 0
	  : grub_strcmp (card->name, spec) == 0)
	return card;
    }
  if (!spec)
#ifdef GRUB_MACHINE_EFI
    grub_error (GRUB_ERR_NET_NO_CARD,
		"aoe: no network card (is efinet loaded? does the NIC have a UEFI driver?)");
#else
    grub_error (GRUB_ERR_NET_NO_CARD,
		"aoe: no network card (is pxe loaded? it has a card only when GRUB came over PXE)");
#endif
  else
    grub_error (GRUB_ERR_NET_NO_CARD, "aoe: no network card %s (see net_ls_cards)", spec);
  return NULL;
}

grub_err_t
aoe_grub_link_open (struct aoe_grub_link *link, struct grub_net_card *card)
{
  if (!card->opened)
    {
      grub_err_t err = card->driver->open ? card->driver->open (card) : GRUB_ERR_NONE;

      if (err)
	return grub_error (err, "aoe: cannot open %s", card->name);
      card->opened = 1;
    }
  link->card = card;
  link->plat.ops = &link_ops;
  link->plat.ctx = card;
  return GRUB_ERR_NONE;
}
