/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "err.h"

const char *ar_strerror(int err)
{
	switch (err) {
	case AR_OK: return "success";
	case AR_EPERM: return "operation not permitted";
	case AR_ENOENT: return "not found";
	case AR_EIO: return "I/O error";
	case AR_E2BIG: return "value too long";
	case AR_EAGAIN: return "try again";
	case AR_ENOMEM: return "table full";
	case AR_EBUSY: return "busy";
	case AR_EEXIST: return "already exists";
	case AR_EINVAL: return "invalid argument";
	case AR_ENOSPC: return "buffer too small";
	case AR_ERANGE: return "out of range";
	case AR_EPROTO: return "protocol error";
	case AR_EBADMSG: return "malformed data";
	case AR_EOVERFLOW: return "size overflow";
	case AR_EMSGSIZE: return "bad length";
	case AR_ENOTSUP: return "not supported";
	case AR_ETIMEDOUT: return "timed out";
	case AR_ESTALE: return "stale";
	case AR_ECHECKSUM: return "checksum mismatch";
	case AR_ESPLIT: return "split brain";
	case AR_EDUP: return "duplicate target";
	default: return "unknown error";
	}
}
