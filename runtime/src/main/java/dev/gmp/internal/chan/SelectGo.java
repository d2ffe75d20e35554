package dev.gmp.internal.chan;

import dev.gmp.GoPanic;
import dev.gmp.internal.sched.Preemption;
import dev.gmp.internal.sched.Scheduler;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The select statement (Go's {@code selectgo}, runtime/select.go, which this ports).
 *
 * <ol>
 *   <li>Generate a random poll order over the cases whose channel is not nil, and a lock order: the same cases
 *       sorted by channel id (Go sorts by address), so two selects over the same channels never lock them in
 *       opposite orders.</li>
 *   <li>Lock every channel (each once, even if it appears in several cases).</li>
 *   <li>Pass 1: in poll order, look for a case that can proceed now; the first one found wins. Random poll order
 *       makes the choice uniform among ready cases.</li>
 *   <li>No case ready: with a default, unlock and return -1. Otherwise pass 2: enqueue one sudog per case (all
 *       sharing one {@link Waiter}), unlock, park.</li>
 *   <li>Woken: the waker won {@code selectDone} and set {@code param} to the winning sudog. Lock everything again
 *       and, pass 3, dequeue the sudogs of the losing cases. Wakers that met those sudogs in the meantime lost the
 *       {@code selectDone} CAS and skipped them (see {@link WaitQ#dequeue}).</li>
 * </ol>
 */
public final class SelectGo {
    private SelectGo() {}

    /**
     * Runs one select. {@code chans[i]} is case i's channel (null: a nil channel, never ready), {@code isSend[i]}
     * its direction, {@code elem[i]} the value to send. For the chosen receive case, {@code elem[i]} is replaced
     * by the received value or {@link Hchan#CLOSED}. {@code order} is scratch space of at least {@code 2 * n}.
     *
     * @return the chosen case index, or -1 if none was ready and {@code block} is false
     */
    public static int select(Hchan[] chans, boolean[] isSend, Object[] elem, int n, boolean block, int[] order) {
        if (n == 1 && chans[0] != null) {
            // Go compiles a one-case select to the plain operation (with default: selectnbsend/selectnbrecv),
            // which has the lock-free fast path; the wait reason is then chan send / chan receive, as in Go.
            Hchan c = chans[0];
            if (isSend[0]) {
                return c.send(elem[0], block) ? 0 : -1;
            }
            Object v = c.recv(block);
            if (v == Hchan.NOT_READY) {
                return -1;
            }
            elem[0] = v;
            return 0;
        }
        Preemption.poll();
        Scheduler home = ForeignThreads.callerHome();
        // pollorder: a random permutation of the non-nil cases (inside-out Fisher-Yates, as select.go does).
        int norder = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            Hchan c = chans[i];
            if (c == null) {
                continue;
            }
            if (c.home != home && !c.foreign) {
                c.foreign = true;
            }
            int j = rnd.nextInt(norder + 1);
            order[norder] = order[j];
            order[j] = i;
            norder++;
        }
        if (norder == 0) {
            if (!block) {
                return -1;
            }
            Blocking.forever(n == 0 ? "select (no cases)" : "select");
        }
        // lockorder: the polled cases sorted by channel id (insertion sort: selects are small).
        int lo = n; // lockorder lives in order[n .. n+norder)
        for (int i = 0; i < norder; i++) {
            int cas = order[i];
            long id = chans[cas].id;
            int j = i;
            while (j > 0 && chans[order[lo + j - 1]].id > id) {
                order[lo + j] = order[lo + j - 1];
                j--;
            }
            order[lo + j] = cas;
        }
        sellock(chans, order, lo, norder);

        // pass 1: look for something already waiting
        for (int i = 0; i < norder; i++) {
            int cas = order[i];
            Hchan c = chans[cas];
            if (isSend[cas]) {
                if (c.closedLocked()) {
                    selunlock(chans, order, lo, norder);
                    throw new GoPanic("send on closed channel");
                }
                Sudog sg = c.recvq.dequeue();
                if (sg != null) {
                    Hchan.sendToLocked(sg, elem[cas]);
                    selunlock(chans, order, lo, norder);
                    sg.w.wake();
                    return cas;
                }
                if (c.qcountLocked() < c.dataqsiz) {
                    c.bufSendLocked(elem[cas]);
                    selunlock(chans, order, lo, norder);
                    return cas;
                }
            } else {
                Sudog sg = c.sendq.dequeue();
                if (sg != null) {
                    elem[cas] = c.recvFromLocked(sg);
                    selunlock(chans, order, lo, norder);
                    sg.w.wake();
                    return cas;
                }
                if (c.qcountLocked() > 0) {
                    elem[cas] = c.bufRecvLocked();
                    selunlock(chans, order, lo, norder);
                    return cas;
                }
                if (c.closedLocked()) {
                    elem[cas] = Hchan.CLOSED;
                    selunlock(chans, order, lo, norder);
                    return cas;
                }
            }
        }
        if (!block) {
            selunlock(chans, order, lo, norder);
            return -1;
        }

        // pass 2: enqueue on all channels, in lock order
        Waiter w = new Waiter(Thread.currentThread(), "select");
        Sudog head = null;
        Sudog tail = null;
        for (int i = 0; i < norder; i++) {
            int cas = order[lo + i];
            Hchan c = chans[cas];
            Sudog sg = new Sudog(w, c, isSend[cas] ? elem[cas] : null, true, cas);
            if (tail == null) {
                head = sg;
            } else {
                tail.waitlink = sg;
            }
            tail = sg;
            if (isSend[cas]) {
                c.sendq.enqueue(sg);
            } else {
                c.recvq.enqueue(sg);
            }
        }
        w.waiting = head;
        selunlock(chans, order, lo, norder);
        Sudog won = w.park(false);

        // pass 3: dequeue from the unsuccessful channels
        sellock(chans, order, lo, norder);
        for (Sudog sg = head; sg != null; sg = sg.waitlink) {
            if (sg != won) {
                if (isSend[sg.caseIndex]) {
                    sg.c.sendq.remove(sg);
                } else {
                    sg.c.recvq.remove(sg);
                }
            }
        }
        selunlock(chans, order, lo, norder);
        int cas = won.caseIndex;
        if (isSend[cas]) {
            if (!won.success) {
                throw new GoPanic("send on closed channel"); // woken by close
            }
        } else {
            elem[cas] = won.success ? won.elem : Hchan.CLOSED;
        }
        return cas;
    }

    private static void sellock(Hchan[] chans, int[] order, int lo, int norder) {
        Hchan last = null;
        for (int i = 0; i < norder; i++) {
            Hchan c = chans[order[lo + i]];
            if (c != last) {
                last = c;
                c.lock();
            }
        }
    }

    private static void selunlock(Hchan[] chans, int[] order, int lo, int norder) {
        for (int i = norder - 1; i >= 0; i--) {
            Hchan c = chans[order[lo + i]];
            if (i > 0 && c == chans[order[lo + i - 1]]) {
                continue;
            }
            c.unlock();
        }
    }
}
