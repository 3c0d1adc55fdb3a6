/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * platform.c - the GRUB edges of common/ that are not the link (link.c):
 * GRUB's keys as the engine's AR_KEY_* and common/'s error codes as
 * grub_error().
 */
#include <grub/err.h>
#include <grub/term.h>

#include "aoe-grub.h"
#include "err.h"

int
aoe_grub_key_map (int key)
{
  switch (key)
    {
    case GRUB_TERM_NO_KEY: return AR_KEY_NONE;
    case GRUB_TERM_KEY_UP: return AR_KEY_UP;
    case GRUB_TERM_KEY_DOWN: return AR_KEY_DOWN;
    case GRUB_TERM_KEY_LEFT: return AR_KEY_LEFT;
    case GRUB_TERM_KEY_RIGHT: return AR_KEY_RIGHT;
    case '\n': case '\r': return AR_KEY_ENTER;
    case GRUB_TERM_ESC: return AR_KEY_ESC;
    default:
      /* Ctrl-P/N as up/down, as GRUB's menu does. */
      if (key == GRUB_TERM_CTRL + 'p')
	return AR_KEY_UP;
      if (key == GRUB_TERM_CTRL + 'n')
	return AR_KEY_DOWN;
      if (key > 0 && key < 0x80)
	return key;
      return AR_KEY_NONE;
    }
}

grub_err_t
aoe_grub_err (int err, const char *what)
{
  grub_err_t g;

  switch (err)
    {
    case AR_ENOMEM: g = GRUB_ERR_OUT_OF_MEMORY; break;
    case AR_ETIMEDOUT: g = GRUB_ERR_TIMEOUT; break;
    case AR_EINVAL: g = GRUB_ERR_BAD_ARGUMENT; break;
    case AR_ENOENT: g = GRUB_ERR_FILE_NOT_FOUND; break;
    default: g = GRUB_ERR_IO; break;
    }
  return grub_error (g, "aoe: %s: %s", what, ar_strerror (err));
}
