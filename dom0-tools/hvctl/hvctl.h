/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvctl: create, inspect and destroy guests from dom0, with xl's config
 * files, verbs and exit codes (docs/toolstack.md). Built on Debian's Xen
 * libraries; the guest layout is the hv builder's (hv/arch/x86/
 * pvh_layout.c), shared rather than copied.
 */
#ifndef HVCTL_H
#define HVCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <xenctrl.h>
#include <xenstore.h>

#define HVCTL_NAME_MAX 64
#define HVCTL_PATH_MAX 256
#define HVCTL_CMDLINE_MAX 2048

enum hvctl_action {
	ACT_DESTROY,
	ACT_RESTART,
	ACT_PRESERVE,
	ACT_RENAME_RESTART
};
/* Their names in xl.cfg (config.c). */
extern const char *const hvctl_action_names[4];

#define HVCTL_DISKS_MAX 16
#define HVCTL_DISK_SPEC_MAX 512

/* One entry of disk = [...] (disk.c). */
struct hvctl_disk {
	char target[HVCTL_PATH_MAX]; /* an image file or a block device */
	char vdev[16]; /* the guest's name for it: xvda */
	uint32_t devid; /* its virtual-device number */
	bool hvblkd; /* backendtype=hvblkd: the userspace backend */
	bool readonly;
	unsigned int line; /* where it was set */
};

#define HVCTL_VIFS_MAX 8
#define HVCTL_IFNAME_MAX 16 /* IFNAMSIZ */

/* One entry of vif = [...] (vif.c). */
struct hvctl_vif {
	uint8_t mac[6];
	char bridge[HVCTL_IFNAME_MAX]; /* default hvbr0 */
	char vifname[HVCTL_IFNAME_MAX]; /* "": netback's vifD.N */
	char ip[64]; /* for the backend's record only */
	unsigned int mtu; /* 0: Ethernet's 1500 */
	/* rate=: netback's credit, bytes per interval (0: unlimited). */
	uint64_t rate_bytes;
	uint32_t rate_usecs;
	char rate[32]; /* as written, for the saved config */
	uint32_t devid;
	bool has_devid;
	unsigned int line;
};

/* A guest's configuration: an xl.cfg file, then key=value overrides. */
struct hvctl_config {
	char file[HVCTL_PATH_MAX]; /* where it came from, for messages */
	char name[HVCTL_NAME_MAX];
	char kernel[HVCTL_PATH_MAX];
	char ramdisk[HVCTL_PATH_MAX]; /* "" none */
	char cmdline[HVCTL_CMDLINE_MAX]; /* cmdline, or root= and extra */
	char root[HVCTL_PATH_MAX];
	char extra[HVCTL_CMDLINE_MAX];
	bool has_cmdline;
	uint64_t memory_mib, maxmem_mib; /* maxmem 0: = memory */
	unsigned int vcpus;
	uint8_t uuid[16];
	bool has_uuid;
	enum hvctl_action on_poweroff, on_reboot, on_crash;
	struct hvctl_disk disks[HVCTL_DISKS_MAX];
	unsigned int nr_disks;
	struct hvctl_vif vifs[HVCTL_VIFS_MAX];
	unsigned int nr_vifs;
	/* Where each key was set: the line of its last setting (0: not). */
	unsigned int line_kernel, line_memory, line_ramdisk;
};

/* config.c. Each returns 0, or -1 after printing "FILE:LINE: what". */
int config_read(struct hvctl_config *c, const char *file);
int config_set(struct hvctl_config *c, const char *kv, const char *where,
	       unsigned int line);
/* A UUID as text, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. */
void uuid_str(const uint8_t u[16], char out[37]);
/* The domain's effective config as a JSON object (hvctl list -l). */
void config_json(const struct hvctl_config *c, uint32_t domid,
		 const uint8_t uuid[16], FILE *f);

/* saved.c: the config a domain was built from, kept while it lives (in
 * HVCTL_STATE_DIR), with the devices attached and detached since. */
#define HVCTL_STATE_DIR "/var/lib/hvlab"
/*
 * How long hvctl waits for dom0's backend drivers to make, close or
 * release a device, in wall-clock seconds. libxl gives the kernel 10 s,
 * but dom0's xenwatch does one thing at a time, and on this emulated
 * machine tearing down another guest's five vifs can take longer than
 * that under load.
 */
#define HVCTL_BACKEND_WAIT_S 30
#define HVCTL_STR(x) #x
#define HVCTL_XSTR(x) HVCTL_STR(x) /* a macro's value as a string */
void saved_path(char *out, size_t len, uint32_t domid);
/* c as an xl.cfg file that config_read reads back as c. */
void saved_format(const struct hvctl_config *c, FILE *f);
/* 0, or -1 after a message naming the file and the errno. */
int saved_write(const struct hvctl_config *c, uint32_t domid);
/* 0, or -1: none (not built by hvctl), or printed "FILE:LINE: why". */
int saved_read(uint32_t domid, struct hvctl_config *c);
void saved_rename(uint32_t domid, const char *name);
void saved_add_disk(uint32_t domid, const struct hvctl_disk *d);
void saved_add_vif(uint32_t domid, const struct hvctl_vif *v);
/* KIND vbd or vif. */
void saved_remove(uint32_t domid, const char *kind, uint32_t devid);
/* The guest command line as xl builds it ("root=R extra" or cmdline). */
void config_cmdline(const struct hvctl_config *c, char *out, size_t len);

/* The libraries' handles, opened once by main. */
struct hvctl {
	xc_interface *xch;
	struct xs_handle *xs;
	bool quiet;
	bool verbose; /* hvctl -v: each build step and its time */
	double t_step; /* when the last step ended (build.c) */
};

/* disk.c. disk_parse: 0, or -1 with *why. */
int disk_parse(struct hvctl_disk *d, const char *spec, const char **why);
/* A vdev name or number as its virtual-device number. */
bool disk_vdev_number(const char *v, uint32_t *num);
/* The backing devices of a guest being built. */
struct disk_attach {
	unsigned int nr;
	int fd[HVCTL_DISKS_MAX]; /* a loop device held until blkback has it */
	dev_t rdev[HVCTL_DISKS_MAX];
	char dev[HVCTL_DISKS_MAX][64];
};
/* Each 0, or -1 after printing "FILE:LINE: disk V: why". */
int disks_attach(struct hvctl *h, const struct hvctl_config *c,
		 struct disk_attach *a);
bool disks_write(struct hvctl *h, xs_transaction_t t, uint32_t domid,
		 const struct hvctl_config *c, const struct disk_attach *a);
int disks_wait(struct hvctl *h, uint32_t domid, const struct hvctl_config *c,
	       struct disk_attach *a);
void disks_release(struct disk_attach *a);

/* vif.c: network interfaces. vif_parse: 0, or -1 with *why. */
int vif_parse(struct hvctl_vif *v, const char *spec, const char **why);
/* A MAC as xl writes it, 00:16:3e:01:02:03. */
void vif_mac_str(const uint8_t mac[6], char out[18]);
bool vifs_write(struct hvctl *h, xs_transaction_t t, uint32_t domid,
		const struct hvctl_config *c);
/* netback's interface of each, renamed, bridged and up, then
 * hotplug-status: 0, or -1 after printing "FILE:LINE: vif N: why". */
int vifs_wait(struct hvctl *h, uint32_t domid, const struct hvctl_config *c);

/* netdev.c: dom0's network interfaces, by ioctl. Each 0 or -1 (errno). */
int netdev_rename(const char *from, const char *to);
int netdev_set_mtu(const char *name, unsigned int mtu);
int netdev_up(const char *name);
/* The bridge br, made (and *made set) if missing, and up. */
int bridge_make(const char *br, bool *made);
int bridge_add_port(const char *br, const char *port);

/* device.c: what disks and vifs share (KIND vbd or vif). */
/* dir/key (dir itself for "") = val, through xs_put. */
bool xs_put_key(struct hvctl *h, xs_transaction_t t, const char *dir,
		const char *key, const char *val, struct xs_permissions *perm,
		unsigned int nr);
/* "FILE:LINE" of a device from a config, or what set it (line 0: FILE
 * is the verb, block-attach). */
const char *device_origin(const struct hvctl_config *c, unsigned int line,
			  char *buf, size_t len);
/* The start of block-attach and network-attach (argv[0]): the guest
 * argv[1] names, the spec from argv[2..], an empty config to put the
 * device in; NULL with *rc the exit status after a message. */
struct hvctl_config *attach_args(struct hvctl *h, int argc, char **argv,
				 int min_argc, const char *usage,
				 uint32_t *domid, char *spec, size_t len,
				 int *rc);
/* A frontend's number dir/key, or (where blkfront and netfront write
 * rings and channels when they use more than one queue) queue-0/key; -1
 * if neither. */
long device_read_num(struct hvctl *h, const char *dir, const char *key);
/* The keys each device has, both ends in Initialising, in t; bdir and
 * fdir (HVCTL_PATH_MAX) set to the backend's and frontend's paths. */
bool device_dirs_write(struct hvctl *h, xs_transaction_t t, const char *bkind,
		       const char *fkind, uint32_t domid, uint32_t devid,
		       char *bdir, char *fdir);
typedef bool (*xs_fill_fn)(struct hvctl *h, xs_transaction_t t, void *arg);
/* fill in a xenstore transaction, again while it ends in EAGAIN: 0, or
 * -1 with errno (fill's own when it returned false). */
int xs_transact(struct hvctl *h, xs_fill_fn fill, void *arg);
/* Wait for /sys/bus/xen-backend/devices/KIND-D-N/rel (rel NULL: for
 * hvblkd's backend state to reach InitWait): 0, or -1 with *err the
 * backend's xenbus error text (NULL: no answer in HVCTL_BACKEND_WAIT_S). */
int backend_wait(struct hvctl *h, const char *kind, uint32_t domid,
		 uint32_t devid, const char *rel, char **err);
/* Hot-unplug as libxl, the frontend's device/FKIND/devid and whichever
 * backend it names: 0, or -1 (printed). */
int device_detach(struct hvctl *h, const char *kind, uint32_t domid,
		  uint32_t devid, bool force);
/* A detach verb's NAME|ID and device (args) and -f anywhere: 0, or -1
 * for anything else (the caller prints its usage). */
int detach_args(int argc, char **argv, char *args[2], bool *force);
/* The backends of a domain being torn down, waited for. */
void devices_remove(struct hvctl *h, uint32_t domid);
/* Wait up to HVCTL_BACKEND_WAIT_S for each backend driver to let go of
 * domid's devices. */
void devices_wait_gone(uint32_t domid);

/* build.c: a domain from c, paused; *domid set. 0 or -1 (printed). */
int build_domain(struct hvctl *h, const struct hvctl_config *c,
		 uint32_t *domid);

/* monitor.c: a process left behind that acts on the guest's end as its
 * config says (on_poweroff, on_reboot, on_crash). 0 or -1 (printed). */
int monitor_start(const struct hvctl_config *c, uint32_t domid);

/* perf.c: the hv's per-domain counters (XEN_SYSCTL_perfc_op). */
#define PERF_COUNTERS_MAX 32
#define PERF_DOMAINS_MAX 64 /* the hv's domain ids */
struct perf_counts;
struct perf_counts *perf_alloc(void); /* free() it; NULL printed */
/* One query: 0, or -1 (printed). */
int perf_read(struct hvctl *h, struct perf_counts *p);
/* Domain domid's counters whose names start with prefix, summed. */
uint64_t perf_sum(const struct perf_counts *p, const char *prefix,
		  uint32_t domid);

/* domains.c */
/* The domain named name (xenstore's /local/domain/N/name): 0 and *domid,
 * or -1, silently. */
int domain_by_name(struct hvctl *h, const char *name, uint32_t *domid);
/* The domain NAME|ID names, or -1 (printed: "no such domain"). */
int domain_lookup(struct hvctl *h, const char *what, uint32_t *domid);
/* The domains argv[1..argc-1] name, resolved once into ids (at most
 * 64); their number, or -1 (printed) if one names none. */
int domains_named(struct hvctl *h, int argc, char **argv, uint32_t *ids);
/* The domain's name (xenstore), "Domain-0" for 0. */
void name_of(struct hvctl *h, uint32_t domid, char *out, size_t len);
/* Is domid among ids[0..n)? With no names (n 0), every domain is. */
bool domain_wanted(uint32_t domid, const uint32_t *ids, int n);
/* Tear the domain down: hv, xenstore. 0 or -1 (printed). */
int domain_teardown(struct hvctl *h, uint32_t domid);
/* A xenstore path under /local/domain/ID. */
void dom_path(char *out, size_t len, uint32_t domid, const char *rel);
/* Write path = value with permissions perms (nr of them), in t. */
bool xs_put(struct hvctl *h, xs_transaction_t t, const char *path,
	    const char *value, struct xs_permissions *perms, unsigned int nr);

/* Verbs beyond main.c's: argv[0] is the verb; exit status as xl's. */
int verb_info(struct hvctl *h, int argc, char **argv);
int verb_dmesg(struct hvctl *h, int argc, char **argv);
int verb_vcpu_list(struct hvctl *h, int argc, char **argv);
int verb_top(struct hvctl *h, int argc, char **argv);
int verb_perf(struct hvctl *h, int argc, char **argv);
int verb_rename(struct hvctl *h, int argc, char **argv);
int verb_mem_set(struct hvctl *h, int argc, char **argv);
/* block.c */
int verb_block_attach(struct hvctl *h, int argc, char **argv);
int verb_block_detach(struct hvctl *h, int argc, char **argv);
int verb_block_list(struct hvctl *h, int argc, char **argv);
/* network.c */
int verb_network_attach(struct hvctl *h, int argc, char **argv);
int verb_network_detach(struct hvctl *h, int argc, char **argv);
int verb_network_list(struct hvctl *h, int argc, char **argv);

/* Messages: "hvctl: " + text; for a failed call, the operation and errno
 * in words ("xc_domain_create: Cannot allocate memory"). */
void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fail_call(const char *op, int err);
/* CLOCK_MONOTONIC in seconds. */
double now_s(void);

#endif
