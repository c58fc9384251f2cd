#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/grant.h>
#include <hv/hypercall.h>
#include <hv/mm.h>
#include <asm/page.h>
int grant_domain_init(struct domain *d) { return 0; }
void grant_domain_release(struct domain *d) { }
void grant_domain_destroy(struct domain *d) { }
int grant_map_frame(struct domain *d, unsigned long idx, u64 gfn) { return -ENOSYS; }
void grant_free_ram(struct domain *d, mfn_t mfn) { free_pages(__va(mfn << 12), 0); }
long do_grant_table_op(u64 a, u64 b, u64 c, u64 d, u64 e) { return -ENOSYS; }
