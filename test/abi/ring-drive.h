/* SPDX-License-Identifier: MIT */
/*
 * The ring workload of the io/ring.h equivalence check, compiled twice:
 * once with our ring.h (ring-ours.c), once with Linux's (ring-linux.c).
 * It drives a front and a back end through a fixed pseudo-random schedule
 * and logs every observable: notify decisions, work flags, counts, and
 * the shared page after each step. ring-main.c compares the two logs.
 */
#define RING_LOG_MAX 200000

struct ring_req { uint64_t id; uint32_t v; };
struct ring_rsp { uint64_t id; int16_t st; };
DEFINE_RING_TYPES(tst, struct ring_req, struct ring_rsp);

static unsigned int rnd_state;
static unsigned int rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) & 0x7fff;
}

static unsigned int page_sum(const uint8_t *p, unsigned int n)
{
	unsigned int h = 2166136261u;

	for (unsigned int i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

unsigned int RING_DRIVE(uint8_t *page, unsigned int size, uint32_t *log)
{
	struct tst_sring *s = (struct tst_sring *)page;
	struct tst_front_ring f;
	struct tst_back_ring b;
	unsigned int n = 0, step;

	rnd_state = 1;
	SHARED_RING_INIT(s);
	FRONT_RING_INIT(&f, s, size);
	BACK_RING_INIT(&b, s, size);
	log[n++] = RING_SIZE(&f);
	log[n++] = page_sum(page, size);
	/* Resume near the 32-bit wrap so that index arithmetic wraps. */
	s->req_prod = s->rsp_prod = 0xfffffe00u;
	s->req_event = s->rsp_event = 0xfffffe01u;
	FRONT_RING_ATTACH(&f, s, 0xfffffe00u, size);
	BACK_RING_ATTACH(&b, s, 0xfffffe00u, size);
	for (step = 0; step < 4000 && n < RING_LOG_MAX - 16; step++) {
		int notify = 0, work = 0;
		unsigned int k = rnd() % 7;

		switch (rnd() % 4) {
		case 0:	/* front produces k requests */
			while (k-- && RING_FREE_REQUESTS(&f)) {
				struct ring_req *r = RING_GET_REQUEST(&f, f.req_prod_pvt);

				r->id = step;
				r->v = rnd();
				f.req_prod_pvt++;
			}
			RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&f, notify);
			break;
		case 1:	/* back consumes and answers up to k requests */
			while (k-- && RING_HAS_UNCONSUMED_REQUESTS(&b)) {
				struct ring_req q;
				struct ring_rsp *p;

				RING_COPY_REQUEST(&b, b.req_cons, &q);
				b.req_cons++;
				p = RING_GET_RESPONSE(&b, b.rsp_prod_pvt);
				p->id = q.id;
				p->st = (int16_t)q.v;
				b.rsp_prod_pvt++;
			}
			RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&b, notify);
			RING_FINAL_CHECK_FOR_REQUESTS(&b, work);
			break;
		case 2:	/* front consumes up to k responses */
			while (k-- && RING_HAS_UNCONSUMED_RESPONSES(&f)) {
				struct ring_rsp p;

				RING_COPY_RESPONSE(&f, f.rsp_cons, &p);
				log[n++] = (uint32_t)p.id ^ (uint16_t)p.st;
				f.rsp_cons++;
			}
			RING_FINAL_CHECK_FOR_RESPONSES(&f, work);
			break;
		default:
			work = RING_FULL(&f);
			log[n++] = RING_REQUEST_CONS_OVERFLOW(&b, b.req_cons);
			log[n++] = RING_FREE_REQUESTS(&f);
			break;
		}
		log[n++] = notify;
		log[n++] = work;
		log[n++] = page_sum(page, size);
	}
	return n;
}
